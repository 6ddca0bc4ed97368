"""Who sees and does what with grid groups, members and matters.

- Centre roles see and manage every community's groups and matters; the leader sees, never acts.
- A community worker sees and manages their community's groups, members and matters; a grid
  worker of the community sees them and records and handles matters (not the groups).
- Everyone else sees nothing.
"""

from jiesu.accounts import access
from jiesu.grid.models import GridGroup, GridMatter, GridMember

HANDLING = ("record", "retier", "settle", "escalate_community", "escalate_street", "withdraw")


sees_any = access.sees_communities  # who sees anything here (the menu, the workbench tiles)


class _GridPolicy(access.CommunityPolicy):
    """The street's community rule (access.CommunityPolicy); a grid worker handles matters."""


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
