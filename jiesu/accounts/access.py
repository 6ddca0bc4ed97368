"""Who may see and do what: one object answers it for every app.

    from jiesu.accounts import access
    access.scope(user, WorkOrder)            # what the user may see: the start of every read
    access.can(user, "dispatch", order)      # may the user do this to this thing?
    access.can(user, "create", WorkOrder)    # ... or to this kind of thing (no object yet)
    access.ensure(user, "dispatch", order)   # NotPermitted with a Chinese message otherwise

Each app registers one `Policy` per model in its `AppConfig.ready()`. The role facts every
policy needs — street-wide or not, the units a user acts for, their community — are answered
here once (`visibility`). Outside a policy no code decides access from a role.
"""

from dataclasses import dataclass, field

from django.db.models import Model, QuerySet

from jiesu.accounts.models import CENTRE_ROLES, SECURITY_ROLES, STREET_WIDE_ROLES, Role
from jiesu.core.errors import NotPermitted
from jiesu.units.selectors import unit_subtree_ids


class Policy:
    """What one kind of object allows. Subclasses set `model` and override `scope` and `can`."""

    model: type[Model]
    noun: str = "该对象"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        return objects.none()

    def can(self, user, action: str, obj) -> bool:
        return False

    def refusal(self, action: str) -> str:
        return f"您无权对{self.noun}执行此操作。"


class CommunityPolicy(Policy):
    """Things that belong to one community, reached from the object through `community_path`
    (grid groups and matters, volunteers, residents, pairings …):

    - centre roles act on every community's (the leader only sees: street-wide, never acts);
    - a community worker sees and acts on their community's;
    - a grid worker of the community sees them and does only `grid_worker_actions`;
    - everyone else sees nothing. "export" is open to whoever sees any.
    """

    community_path = "community_id"
    grid_worker_actions: tuple[str, ...] = ()

    def scope(self, user, objects: QuerySet) -> QuerySet:
        if is_street_wide(user):
            return objects
        mine = user_community_id(user)
        return objects.filter(**{self.community_path: mine}) if mine else objects.none()

    def community_id(self, obj) -> int | None:
        value = obj
        for part in self.community_path.split("__"):
            value = getattr(value, part)
        return value

    def can(self, user, action: str, obj) -> bool:
        if action == "view":
            return obj is not None and self.scope(user, type(obj).objects.filter(pk=obj.pk)).exists()
        if action == "export":
            return sees_communities(user)
        if manages_street(user):
            return True
        mine = user_community_id(user)
        if mine is None:
            return False
        if role_of(user) == Role.GRID_WORKER and action not in self.grid_worker_actions:
            return False
        return obj is None or self.community_id(obj) == mine


_policies: dict[type, Policy] = {}


def register(policy: Policy) -> Policy:
    _policies[policy.model] = policy
    return policy


def policy_for(target) -> Policy:
    model = target if isinstance(target, type) else type(target)
    model = model._meta.concrete_model if hasattr(model, "_meta") else model
    try:
        return _policies[model]
    except KeyError as missing:
        raise LookupError(f"no access policy registered for {model.__name__}") from missing


def is_active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def scope(user, model: type[Model], objects: QuerySet | None = None) -> QuerySet:
    objects = model._default_manager.all() if objects is None else objects
    if not is_active(user):
        return objects.none()
    return policy_for(model).scope(user, objects)


def can(user, action: str, target) -> bool:
    """May `user` do `action` to `target` (an object, or a model class for "create"-like actions)?"""
    if not is_active(user):
        return False
    obj = None if isinstance(target, type) else target
    return policy_for(target).can(user, action, obj)


def covers_all(user, model: type[Model], parts: QuerySet) -> bool:
    """Whether every one of `parts` (rows of `model`) lies in the user's scope.

    Acting on a shared object — an alert over many orders, a governance item over many places —
    needs scope over the whole object, not over one of its parts."""
    total = parts.count()
    return total > 0 and scope(user, model, parts).count() == total


def ensure(user, action: str, target, message: str = "") -> None:
    if not can(user, action, target):
        raise NotPermitted(message or policy_for(target).refusal(action))


# -- role facts ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Visibility:
    """What a user's role and unit open up: the whole street, or some units and a community."""

    street_wide: bool = False
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    community_id: int | None = None  # community workers and grid workers: their community

    @property
    def empty(self) -> bool:
        return not self.street_wide and not self.unit_ids and self.community_id is None


def role_of(user) -> str:
    return user.effective_role if is_active(user) else ""


def is_street_wide(user) -> bool:
    return role_of(user) in STREET_WIDE_ROLES


def is_centre(user) -> bool:
    return role_of(user) in CENTRE_ROLES


def is_leader(user) -> bool:
    return role_of(user) == Role.LEADER


def manages_street(user) -> bool:
    """Centre roles that act on every community's things (the leader only sees them)."""
    return is_centre(user) and not is_leader(user)


def is_security_role(user) -> bool:
    return role_of(user) in SECURITY_ROLES


def user_units(user) -> set[int]:
    """The units a unit user acts for: their own and, for a property company, its projects.

    Kept on the user object for the rest of the request (a user's unit does not change mid-request).
    """
    if not is_active(user):
        return set()
    cached = getattr(user, "_jiesu_units", None)
    if cached is not None and cached[0] == user.unit_id:
        return cached[1]
    if not user.unit_id:
        units: set[int] = set()
    elif user.effective_role == Role.PROPERTY:
        units = unit_subtree_ids(unit_id=user.unit_id)
    else:
        units = {user.unit_id}
    user._jiesu_units = (user.unit_id, units)
    return units


def user_community_id(user) -> int | None:
    """The community a community or grid worker works for (None for every other role)."""
    if role_of(user) not in (Role.COMMUNITY, Role.GRID_WORKER) or not user.unit_id:
        return None
    return user.unit.community_id


def sees_communities(user) -> bool:
    """Street-wide roles, and community and grid workers: those who see community things."""
    return is_street_wide(user) or user_community_id(user) is not None


def visibility(user) -> Visibility:
    if not is_active(user) or is_security_role(user) or role_of(user) in (Role.EVALUATOR, Role.STATION_STAFF):
        return Visibility()
    if is_street_wide(user):
        return Visibility(street_wide=True)
    return Visibility(unit_ids=frozenset(user_units(user)), community_id=user_community_id(user))


def may_use_two_factor(user) -> bool:
    """Centre and admin roles may (or, with JIESU_OTP_REQUIRED, must) sign in with a TOTP code."""
    return role_of(user) in TWO_FACTOR_ROLES


TWO_FACTOR_ROLES = {Role.DISPATCHER, Role.CENTRE_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR}


# -- the Django admin (三员分立) ------------------------------------------------------------------
# The security administrator manages accounts, lockouts and lost second factors; the auditor reads
# the audit log on its own page (never in the admin); the centre admin keeps the business master
# data (places, units, categories, rules). No role reaches another's area; a superuser counts as a
# centre admin. Groups and per-user permissions are not used: the role decides.
SECURITY_ADMIN_AREA = {
    "accounts.user": {"view", "add", "change"},  # deactivate, never delete: events refer to users
    "axes.accessattempt": {"view", "delete"},  # deleting an attempt unlocks the account
    "axes.accesslog": {"view"},
    "axes.accessfailurelog": {"view"},
    "otp_totp.totpdevice": {"view", "delete"},  # reset a lost second factor
}
OUTSIDE_BUSINESS_APPS = {
    "accounts", "audit", "axes", "otp_totp", "django_otp", "auth", "contenttypes", "sessions", "admin", "csp",
}  # fmt: skip


def admin_may_enter(user) -> bool:
    return role_of(user) in (Role.CENTRE_ADMIN, Role.SECURITY_ADMIN)


def admin_may(user, *, app_label: str, action: str, model_name: str = "") -> bool:
    """May `user` do `action` (view, add, change, delete) to `app_label.model_name` in the admin?
    With `model_name` empty: may they see the app at all."""
    role = role_of(user)
    if role == Role.SECURITY_ADMIN:
        if not model_name:
            return any(key.startswith(f"{app_label}.") for key in SECURITY_ADMIN_AREA)
        return action in SECURITY_ADMIN_AREA.get(f"{app_label}.{model_name}", set())
    if role == Role.CENTRE_ADMIN:
        return app_label not in OUTSIDE_BUSINESS_APPS
    return False
