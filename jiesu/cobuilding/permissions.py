"""Who sees which co-building units and joint activities, and who may record them.

- Street-wide roles see all (the leader only reads).
- A community worker sees the units paired with their community or active in it, and the
  activities held in their community; a grid worker reads the same.
- A co-building unit's staff see their own unit and the activities it takes part in.
- Everyone else (departments, property staff, evaluators, station staff, security roles): nothing.

Recording: the centre, the activity's community worker, or the staff of a unit taking part.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.cobuilding.models import CobuildingProfile, JointActivity
from jiesu.units.models import Unit

ACTIONS = {"hold": "登记开展情况", "cancel": "取消活动", "add_photos": "补充照片", "create": "登记活动"}


def cobuilding_units_of(user) -> set[int]:
    """The co-building units a user works for (empty for every other unit). Their staff have the
    unit-staff role 部门人员 (as utilities' and departments' do)."""
    units = access.user_units(user)
    if not units or access.role_of(user) != Role.DEPARTMENT:
        return set()
    cached = getattr(user, "_jiesu_cobuilding_units", None)
    if cached is None or cached[0] != frozenset(units):
        found = set(Unit.objects.filter(pk__in=units, kind=Unit.Kind.COBUILDING).values_list("pk", flat=True))
        cached = (frozenset(units), found)
        user._jiesu_cobuilding_units = cached  # the rest of the request: a user's unit does not change
    return cached[1]


def _community_of(user) -> int | None:
    return access.user_community_id(user)


def sees_cobuilding(user) -> bool:
    """Whether the menu shows the co-building pages: to anyone with a scope (asked on every page, so
    it reads nothing; a unit that is not a co-building unit finds the lists empty)."""
    return not access.visibility(user).empty


def may_create(user) -> bool:
    if access.is_leader(user):
        return False
    if access.is_centre(user):
        return True
    if access.role_of(user) == Role.COMMUNITY and _community_of(user) is not None:
        return True
    return bool(cobuilding_units_of(user))


class ActivityPolicy(access.Policy):
    model = JointActivity
    noun = "该活动"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        seen = access.visibility(user)
        if seen.street_wide:
            return objects
        visible = Q(pk__in=[])
        if seen.community_id is not None:
            visible |= Q(community_id=seen.community_id)
        units = cobuilding_units_of(user)
        if units:
            taking_part = JointActivity.units.through.objects.filter(
                jointactivity_id=OuterRef("pk"), unit_id__in=units
            )
            visible |= Q(Exists(taking_part))
        return objects.filter(visible)

    def can(self, user, action: str, obj) -> bool:
        if action == "create":
            return may_create(user)
        if action == "export":
            return not access.visibility(user).empty
        if obj is None:
            return False
        if action == "view":
            return self.scope(user, JointActivity.objects.filter(pk=obj.pk)).exists()
        if action not in ACTIONS or access.is_leader(user):
            return False
        if access.is_centre(user):
            return True
        if access.role_of(user) == Role.COMMUNITY and _community_of(user) == obj.community_id:
            return True
        return bool(cobuilding_units_of(user) & set(obj.units.values_list("pk", flat=True)))

    def refusal(self, action: str) -> str:
        return f"您无权对该活动执行「{ACTIONS.get(action, action)}」。"


class ProfilePolicy(access.Policy):
    model = CobuildingProfile
    noun = "该共建单位"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        seen = access.visibility(user)
        if seen.street_wide:
            return objects
        visible = Q(pk__in=[])
        if seen.community_id is not None:
            active_here = JointActivity.units.through.objects.filter(
                unit_id=OuterRef("unit_id"), jointactivity__community_id=seen.community_id
            )
            visible |= Q(community_id=seen.community_id) | Q(Exists(active_here))
        units = cobuilding_units_of(user)
        if units:
            visible |= Q(unit_id__in=units)
        return objects.filter(visible)

    def can(self, user, action: str, obj) -> bool:
        if action == "export":
            return not access.visibility(user).empty
        if action == "view" and obj is not None:
            return self.scope(user, CobuildingProfile.objects.filter(pk=obj.pk)).exists()
        return False


ACTIVITY_POLICY = ActivityPolicy()
PROFILE_POLICY = ProfilePolicy()
