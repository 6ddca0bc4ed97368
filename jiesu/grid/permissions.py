"""Who sees and does what with grid groups, members and matters.

- Centre roles see and manage every community's groups and matters; the leader sees, never acts.
- A community worker sees and manages their community's groups, members and matters; a grid
  worker of the community sees them and records and handles matters (not the groups).
- Everyone else sees nothing.
"""

from django.db.models import QuerySet

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.grid.models import GridGroup, GridMatter, GridMember

HANDLING = ("record", "retier", "settle", "escalate_community", "escalate_street", "withdraw")


def _acts(user) -> bool:
    return access.is_centre(user) and not access.is_leader(user)


def sees_any(user) -> bool:
    return access.is_street_wide(user) or access.user_community_id(user) is not None


class _GridPolicy(access.Policy):
    community_path = "community_id"
    grid_worker_actions: tuple[str, ...] = ()

    def scope(self, user, objects: QuerySet) -> QuerySet:
        if access.is_street_wide(user):
            return objects
        mine = access.user_community_id(user)
        return objects.filter(**{self.community_path: mine}) if mine else objects.none()

    def _community(self, obj) -> int | None:
        value = obj
        for part in self.community_path.split("__"):
            value = getattr(value, part)
        return value

    def can(self, user, action: str, obj) -> bool:
        if action == "view":
            return obj is not None and self.scope(user, type(obj).objects.filter(pk=obj.pk)).exists()
        if action == "export":
            return sees_any(user)
        if _acts(user):
            return True
        mine = access.user_community_id(user)
        if mine is None:
            return False
        if access.role_of(user) == Role.GRID_WORKER and action not in self.grid_worker_actions:
            return False
        return obj is None or self._community(obj) == mine


class GridGroupPolicy(_GridPolicy):
    model = GridGroup
    noun = "该网格群组"


class GridMemberPolicy(_GridPolicy):
    model = GridMember
    noun = "该群成员"
    community_path = "group__community_id"


class GridMatterPolicy(_GridPolicy):
    model = GridMatter
    noun = "该网格事项"
    grid_worker_actions = HANDLING


POLICIES = (GridGroupPolicy(), GridMemberPolicy(), GridMatterPolicy())
