"""主动治理 on the workbench: each role's open projects. A tile opens the project list filtered by
the same selector, so its number equals the list's total."""

from django.urls import reverse

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.core.extensions import Tile
from jiesu.projects.selectors import project_queue_counts

GROUP = "主动治理"
# (label, queue, tone)
STREET = [
    ("项目待评审", "reviewing", "warn"),
    ("项目待开工", "approved", ""),
    ("项目实施中", "implementing", ""),
    ("项目节点逾期", "overdue_milestones", "danger"),
]
COMMUNITY = [
    ("项目征集中", "collecting", "warn"),
    ("项目实施中", "implementing", ""),
    ("项目节点逾期", "overdue_milestones", "danger"),
]
OWNER = [
    ("项目待开工", "approved", "warn"),
    ("项目实施中", "implementing", ""),
    ("项目节点逾期", "overdue_milestones", "danger"),
]


def project_tiles(user) -> list[Tile]:
    seen = access.visibility(user)
    if seen.empty:
        return []
    mine = False
    if seen.street_wide:
        rows = STREET
    elif access.role_of(user) == Role.COMMUNITY:
        rows = COMMUNITY
    elif access.role_of(user) == Role.GRID_WORKER:
        return []
    else:
        rows, mine = OWNER, True
    counts = project_queue_counts(user=user, queues=[queue for _, queue, _ in rows], mine=mine)
    if mine and not any(counts.values()):
        return []  # a unit that carries out no open project sees no tiles
    base = reverse("project_list")
    suffix = "&mine=1" if mine else ""
    return [
        Tile(label, counts[queue], f"{base}?queue={queue}{suffix}", tone, GROUP)
        for label, queue, tone in rows
    ]
