"""回访 / 重办 / 并单 / 关闭."""

from django.db import transaction
from django.utils import timezone

from jiesu.core.errors import ConcurrentChange, TransitionNotAllowed, ValidationFailed
from jiesu.workorders import events
from jiesu.workorders.deadlines import deadlines_compute
from jiesu.workorders.events import REDO_FIELDS, VISIT_FIELDS, event_write, with_status
from jiesu.workorders.lock_objects import workorders_lock
from jiesu.workorders.models import EventKind, ExtensionRequest, Satisfaction, VisitChannel, WorkOrder
from jiesu.workorders.permissions import ensure_can
from jiesu.workorders.services._perform import perform
from jiesu.workorders.states import Action, Status, transition_target


def workorder_return_visit(
    *,
    order_id: int,
    actor,
    contacted: bool,
    resolved: bool,
    satisfaction: str,
    note: str = "",
    expected_version: int | None = None,
    channel: str = "",
) -> WorkOrder:
    """回访. `channel` says how the citizen was reached (a VisitChannel; the public tracking page
    records "online"); it is stored and written to the event only when given."""
    if satisfaction not in Satisfaction.values:
        raise ValidationFailed("请选择满意度：满意、基本满意或不满意。")
    if channel and channel not in VisitChannel.values:
        raise ValidationFailed("回访方式无效。")

    def change(order: WorkOrder) -> tuple[dict, dict]:
        before = {key: getattr(order, key) for key in (*VISIT_FIELDS, "visit_channel")}
        order.visit_contacted = contacted
        order.visit_resolved = resolved
        order.visit_satisfaction = satisfaction
        order.visited_at = timezone.now()
        if channel:
            order.visit_channel = channel
        return events.payload_return_visit(
            before=before, contacted=contacted, resolved=resolved, satisfaction=satisfaction, channel=channel
        )

    return perform(
        order_id=order_id,
        action=Action.RETURN_VISIT,
        actor=actor,
        note=note,
        expected_version=expected_version,
        change=change,
    )


def workorder_redo(*, order_id: int, actor, note: str, expected_version: int | None = None) -> WorkOrder:
    """重办: an unsatisfied or unresolved return visit sends the order back to its lead unit.

    A new round starts: a resolution deadline counted from now (an approved extension's later
    deadline is kept, never shortened); the result and the return visit are empty again — the
    old ones stay in the timeline (this event's `old`). `responded_at` stays the order's first
    contact with the citizen, which the response rate judges (docs/metrics.md), as does the
    response deadline; the order page shows the new round's first contact from the events.
    """
    if not note.strip():
        raise ValidationFailed("重办须说明要求。")

    def change(order: WorkOrder) -> tuple[dict, dict]:
        if order.visit_satisfaction != Satisfaction.UNSATISFIED and order.visit_resolved is not False:
            raise TransitionNotAllowed("只有回访不满意或未解决的工单才能重办。")
        if order.lead_unit_id is None:
            raise ValidationFailed("该工单没有主办单位，请重新派单。")
        before = {key: getattr(order, key) for key in REDO_FIELDS}
        now = timezone.now()
        _, resolve_due = deadlines_compute(
            received_at=now, appeal_type=order.appeal_type, urgency=order.urgency
        )
        extended = order.extensions.filter(state=ExtensionRequest.State.APPROVED).exists()
        if extended and order.resolve_due and order.resolve_due > resolve_due:
            resolve_due = order.resolve_due
        order.resolve_due = resolve_due
        order.redo_count += 1
        order.dispatched_at = now
        order.accepted_at = order.resolved_at = order.visited_at = None
        order.result = order.visit_satisfaction = order.visit_channel = ""
        order.visit_contacted = order.visit_resolved = None
        order.escalation_level = 0
        return events.payload_redo(before=before, after={key: getattr(order, key) for key in REDO_FIELDS})

    return perform(
        order_id=order_id,
        action=Action.REDO,
        actor=actor,
        note=note,
        expected_version=expected_version,
        change=change,
    )


def workorder_merge(
    *, order_id: int, master_id: int, actor, note: str = "", expected_version: int | None = None
) -> WorkOrder:
    """并单: the duplicate becomes part of the master; both timelines record it."""
    if order_id == master_id:
        raise ValidationFailed("不能把工单并入它自己。")
    with transaction.atomic():
        locked = workorders_lock(order_ids=[order_id, master_id])
        order, master = locked[order_id], locked[master_id]
        if expected_version is not None and order.version != expected_version:
            raise ConcurrentChange()
        # the state first, then the permission, as `perform` does: whoever loses a race learns
        # that the order has moved on, not that they lack a right
        new_status = transition_target(Action.MERGE, order.status)
        if master.status in (Status.MERGED, Status.CLOSED):
            raise TransitionNotAllowed("主工单已关闭或已被合并，不能并入。")
        if actor is not None:
            ensure_can(actor, Action.MERGE, order)
        old_status = order.status
        order.status = new_status
        order.master = master
        order.version += 1
        order.save()
        master.version += 1
        master.save(update_fields=["version", "updated_at"])
        old, new = with_status(*events.payload_merge(master=master), old_status, new_status)
        event_write(order=order, kind=EventKind.MERGED, actor=actor, note=note, old=old, new=new)
        old, new = events.payload_merged_in(order=order, number=order.number)
        event_write(order=master, kind=EventKind.MERGED_IN, actor=actor, note=note, old=old, new=new)
    return order


def workorder_close(
    *, order_id: int, actor, note: str = "", expected_version: int | None = None
) -> WorkOrder:
    """关闭. An order closes after its return visit, or — resolved but never visited — with the
    reason written down (e.g. 三次无法联系), so no order closes without either."""

    def change(order: WorkOrder) -> tuple[dict, dict]:
        if order.status == Status.RESOLVED and not note.strip():
            raise ValidationFailed("该工单尚未回访：请先回访，或写明不回访即关闭的原因（如三次无法联系）。")
        order.closed_at = timezone.now()
        return events.payload_close(at=order.closed_at)

    return perform(
        order_id=order_id,
        action=Action.CLOSE,
        actor=actor,
        note=note.strip(),
        expected_version=expected_version,
        change=change,
    )
