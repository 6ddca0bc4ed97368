"""What triage adds to pages and hooks it does not own (registered in apps.py)."""

from django.template.loader import render_to_string
from django.urls import reverse

from jiesu.accounts import access
from jiesu.core.extensions import NavItem, Tile
from jiesu.triage.panels import triage_panel
from jiesu.triage.selectors import needs_human_filter
from jiesu.workorders.hooks import OrderFilter
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.selectors import workorder_scope

NEEDS_HUMAN = OrderFilter(
    "needs_human", "需人工分拣", needs_human_filter, lambda user: access.is_centre(user)
)
NAV = NavItem("分拣", "triage_overview", lambda user: access.is_street_wide(user))


def suggestions_panel(request, order: WorkOrder) -> str | None:
    """The 智能分拣建议 panel on the order page, for who may use it."""
    panel = triage_panel(user=request.user, order=order)
    if panel is None:
        return None
    return render_to_string("triage/_panel.html", {"panel": panel}, request=request)


def needs_human_tile(user) -> list[Tile]:
    if not access.can(user, "triage", WorkOrder):
        return []
    count = needs_human_filter(workorder_scope(user=user)).count()
    return [Tile("需人工分拣", count, f"{reverse('order_list')}?needs_human=1", "warn")]
