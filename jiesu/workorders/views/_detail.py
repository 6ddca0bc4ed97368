"""Building and rendering the order page (full page or the `order` partial)."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiesu.accounts import access
from jiesu.workorders.forms import NEEDS_UNITS, ActionForm, CorrectionForm, action_form, dispatchable_units
from jiesu.workorders.hooks import order_panels
from jiesu.workorders.models import ExtensionRequest, Flag, Satisfaction, WorkOrder
from jiesu.workorders.permissions import can
from jiesu.workorders.selectors import workorder_scope, workorder_timeline
from jiesu.workorders.services.handling import round_first_contact
from jiesu.workorders.states import TERMINAL_STATUSES, Action, Status, allowed_actions
from jiesu.workorders.views._timeline import timeline_rows

TEMPLATE = "workorders/order_detail.html"
EXTENSION_DECISIONS = {Action.APPROVE_EXTENSION, Action.REJECT_EXTENSION}
# the action most people take next in each status: shown first and open
PRIMARY = {
    Status.NEW: Action.DISPATCH,
    Status.RETURNED: Action.DISPATCH,
    Status.DISPATCHED: Action.ACCEPT,
    Status.ACCEPTED: Action.RESOLVE,
    Status.RESOLVED: Action.RETURN_VISIT,
    Status.VISITED: Action.CLOSE,
}


def needs_redo(order: WorkOrder) -> bool:
    """The return visit found the citizen unsatisfied or the problem unresolved."""
    return order.visit_satisfaction == Satisfaction.UNSATISFIED or order.visit_resolved is False


@dataclass
class ActionPanel:
    action: str
    label: str
    form: ActionForm
    is_open: bool


def action_panels(*, user, order: WorkOrder, pending, bound: ActionForm | None, bound_action: str) -> list:
    """One form per action the viewer may take now (allowed by the status and by permissions)."""
    actions = [a for a in allowed_actions(order.status) if can(user, a, order)]
    if pending is None:
        actions = [a for a in actions if a not in EXTENSION_DECISIONS]
    primary = PRIMARY.get(order.status)
    if order.status == Status.VISITED and needs_redo(order):
        primary = Action.REDO  # an unsatisfied or unresolved visit leads to 重办
    actions.sort(key=lambda a: a != primary)
    units = dispatchable_units() if NEEDS_UNITS & set(actions) else []
    panels = []
    for action in actions:
        form = (
            bound
            if bound is not None and action == bound_action
            else action_form(action, order=order, units=units)
        )
        is_open = action == primary or (form.is_bound and bool(form.errors))
        panels.append(ActionPanel(action, Action(action).label, form, is_open))
    return panels


def _visible(user, order_id: int) -> bool:
    return workorder_scope(user=user).filter(pk=order_id).exists()


def order_context(
    *,
    request: HttpRequest,
    order: WorkOrder,
    bound: ActionForm | None = None,
    bound_action: str = "",
    correction: CorrectionForm | None = None,
    error: str = "",
    notice: str = "",
    unmasked: bool = False,
) -> dict:
    user = request.user
    pending = (
        order.extensions.filter(state=ExtensionRequest.State.PENDING).select_related("requested_by").first()
    )
    may_correct = access.can(user, "correct", order) and order.status not in TERMINAL_STATUSES
    events = list(workorder_timeline(order=order))
    if may_correct and correction is None:
        correction = CorrectionForm(order=order)
    return {
        "order": order,
        "co_handlers": list(order.co_handlers.all()),
        "master": order.master if order.master_id and _visible(user, order.master_id) else None,
        "flags": [Flag(flag).label if flag in Flag.values else flag for flag in order.flags],
        "pending_extension": pending,
        "timeline": timeline_rows(events=events, user=user),
        "round_contact": round_first_contact(order, events) if order.redo_count else None,
        "panels": action_panels(
            user=user, order=order, pending=pending, bound=bound, bound_action=bound_action
        ),
        "correction": correction if may_correct else None,
        "can_unmask": access.can(user, "unmask", order),
        "extension_panels": [html for panel in order_panels.items() if (html := panel(request, order))],
        "unmasked": unmasked,
        "error": error,
        "notice": notice,
    }


def render_order(request: HttpRequest, order: WorkOrder, *, status: int = 200, **context) -> HttpResponse:
    """The full page, or for htmx the `order` partial (always 200 so htmx swaps in the message)."""
    data = order_context(request=request, order=order, **context)
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, f"{TEMPLATE}#order", data)
    return render(request, TEMPLATE, data, status=status)
