"""Who sees and does what with volunteers, residents in need, pairings and service records.

- Centre roles (dispatcher, centre admin) see and manage everything; the leader sees everything
  and changes nothing (and reveals nothing).
- A community worker sees and manages their community's volunteers, register, pairings, visits and
  service records; a grid worker of the community sees them and records visits and services.
- Teams are the street's: everyone with a community or the street sees them; the centre manages them.
- Everyone else (property, department, evaluator, station staff, the security roles) sees nothing.
"""

from django.db.models import QuerySet

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.volunteers.models import Pairing, Resident, ServiceRecord, Team, Visit, Volunteer


def community_of(user) -> int | None:
    """The community of a community or grid worker (None otherwise)."""
    return access.user_community_id(user)


def manages_street(user) -> bool:
    return access.is_centre(user) and not access.is_leader(user)


def sees_any(user) -> bool:
    return access.is_street_wide(user) or community_of(user) is not None


def _may(user, action: str, community_id: int | None, *, grid_too: bool = False) -> bool:
    """Manage (community worker) or record (grid worker too, with `grid_too`) in `community_id`."""
    if manages_street(user):
        return True
    mine = community_of(user)
    if mine is None:
        return False
    if access.role_of(user) == Role.GRID_WORKER and not grid_too:
        return False
    return community_id is None or community_id == mine


class _CommunityPolicy(access.Policy):
    community_path = "community_id"
    record_actions: tuple[str, ...] = ()  # actions a grid worker of the community may do too

    def scope(self, user, objects: QuerySet) -> QuerySet:
        if access.is_street_wide(user):
            return objects
        mine = community_of(user)
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
            return sees_any(user)
        community = self.community_id(obj) if obj is not None else None
        return _may(user, action, community, grid_too=action in self.record_actions)


class TeamPolicy(access.Policy):
    model = Team
    noun = "该志愿服务队"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        return objects if sees_any(user) else objects.none()

    def can(self, user, action: str, obj) -> bool:
        if action in ("view", "export"):
            return sees_any(user)
        return manages_street(user)


class VolunteerPolicy(_CommunityPolicy):
    model = Volunteer
    noun = "该志愿者"
    record_actions = ("serve",)


class ResidentPolicy(_CommunityPolicy):
    model = Resident
    noun = "该困难群众"

    def can(self, user, action: str, obj) -> bool:
        if action == "reveal":  # the leader reads, never unmasks
            return obj is not None and self.can(user, "view", obj) and not access.is_leader(user)
        return super().can(user, action, obj)


class PairingPolicy(_CommunityPolicy):
    model = Pairing
    noun = "该结对"
    community_path = "resident__community_id"
    record_actions = ("visit",)


class ServiceRecordPolicy(_CommunityPolicy):
    model = ServiceRecord
    noun = "该服务记录"
    record_actions = ("create",)


class VisitPolicy(_CommunityPolicy):
    model = Visit
    noun = "该走访记录"
    community_path = "pairing__resident__community_id"


POLICIES = (
    TeamPolicy(),
    VolunteerPolicy(),
    ResidentPolicy(),
    PairingPolicy(),
    ServiceRecordPolicy(),
    VisitPolicy(),
)
