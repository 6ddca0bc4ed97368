"""工作台: the numbers at a glance and the queues of the user's role."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiesu.accounts.models import Role
from jiesu.triage.selectors import needs_human_filter
from jiesu.workorders.selectors import workbench_counts, workbench_queues, workorder_scope

# (label, key in workbench_counts, order-list query that shows those orders)
CENTRE_TILES = [
    ("待派单", "undispatched", "status=new"),
    ("已退单", "returned", "status=returned"),
    ("待回访", "to_visit", "status=resolved"),
    ("已超期", "overdue", "overdue=1"),
    ("需人工核实", "flagged", "flagged=1"),
    ("需人工分拣", "needs_human", "needs_human=1"),
]
# a unit's tiles count what its units lead (mine=1); co-handled orders have their own tile
UNIT_TILES = [
    ("待签收", "to_accept", "status=dispatched&mine=1"),
    ("办理中", "in_progress", "status=accepted&mine=1"),
    ("即将超期", "due_soon", "mine=1"),
    ("已超期", "overdue", "overdue=1&mine=1"),
    ("协办中", "co_handling", "co_handling=1"),
]
LEADER_TILES = [
    *CENTRE_TILES[:3],
    ("待签收", "to_accept", "status=dispatched"),
    ("办理中", "in_progress", "status=accepted"),
    CENTRE_TILES[3],
]


@require_GET
@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    user = request.user
    counts = workbench_counts(user=user)
    if user.is_centre:
        counts["needs_human"] = needs_human_filter(workorder_scope(user=user)).count()
    if user.effective_role == Role.LEADER:
        tiles = LEADER_TILES
        queues = {"已超期": workbench_queues(user=user)["已超期"]}
    else:
        tiles = CENTRE_TILES if user.is_centre else UNIT_TILES
        queues = workbench_queues(user=user)
    context = {
        "tiles": [{"label": label, "count": counts[key], "query": query} for label, key, query in tiles],
        "queues": queues,
    }
    return render(request, "workorders/workbench.html", context)
