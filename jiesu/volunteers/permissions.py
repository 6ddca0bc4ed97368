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
from jiesu.volunteers.models import Pairing, Resident, ServiceRecord, Team, Visit, Volunteer

sees_any = access.sees_communities  # who sees anything here (the menu, the workbench tiles)


class _CommunityPolicy(access.CommunityPolicy):
    """The street's community rule (access.CommunityPolicy); a grid worker of the community records
    what `grid_worker_actions` names."""


class TeamPolicy(access.Policy):
    model = Team
    noun = "该志愿服务队"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        return objects if sees_any(user) else objects.none()

    def can(self, user, action: str, obj) -> bool:
        if action in ("view", "export"):
            return sees_any(user)
        return access.manages_street(user)


class VolunteerPolicy(_CommunityPolicy):
    model = Volunteer
    noun = "该志愿者"
    grid_worker_actions = ("serve",)


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
    grid_worker_actions = ("visit",)


class ServiceRecordPolicy(_CommunityPolicy):
    model = ServiceRecord
    noun = "该服务记录"
    grid_worker_actions = ("create",)


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
