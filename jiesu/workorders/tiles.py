"""The work-order tiles on the workbench, per role (registered in apps.py)."""

from django.urls import reverse

from jiesu.accounts import access
from jiesu.core.extensions import Tile
from jiesu.workorders.selectors import workbench_counts

# (label, key in workbench_counts, order-list query that shows those orders, tone)
CENTRE_TILES = [
    ("待派单", "undispatched", "status=new", ""),
    ("已退单", "returned", "status=returned", "warn"),
    ("待回访", "to_visit", "status=resolved", ""),
    ("已超期", "overdue", "overdue=1", "danger"),
    ("需人工核实", "flagged", "flagged=1&status=new", "warn"),
    ("待审批延期", "extension_pending", "extension_pending=1", "warn"),
]
# a unit's tiles count what its units lead (mine=1); co-handled orders have their own tile
UNIT_TILES = [
    ("待签收", "to_accept", "status=dispatched&mine=1", ""),
    ("办理中", "in_progress", "status=accepted&mine=1", ""),
    ("即将超期", "due_soon", "due_soon=1&mine=1", "warn"),
    ("已超期", "overdue", "overdue=1&mine=1", "danger"),
    ("协办中", "co_handling", "co_handling=1", ""),
]
LEADER_TILES = [
    *CENTRE_TILES[:3],
    ("待签收", "to_accept", "status=dispatched", ""),
    ("办理中", "in_progress", "status=accepted", ""),
    CENTRE_TILES[3],
]


def order_tiles(user) -> list[Tile]:
    visibility = access.visibility(user)
    if visibility.empty:
        return []
    if access.is_leader(user):
        rows = LEADER_TILES
    elif access.is_centre(user):
        rows = CENTRE_TILES
    else:
        rows = UNIT_TILES
    counts = workbench_counts(user=user)
    base = reverse("order_list")
    return [Tile(label, counts[key], f"{base}?{query}", tone) for label, key, query, tone in rows]
