"""联系诉求人 / 进展记录 / 延期 / 办结."""

from django.utils import timezone

from jiesu.core.errors import ValidationFailed
from jiesu.workorders import events
from jiesu.workorders.deadlines import deadline_extend
from jiesu.workorders.models import EventKind, ExtensionRequest, WorkOrder
from jiesu.workorders.services._perform import perform
from jiesu.workorders.states import Action

MAX_EXTENSION_WORKING_DAYS = 30


def round_first_contact(order: WorkOrder, events=None):
    """The first contact with the citizen since the last 重办 (None before it, or if none yet).
    `events` (the order's, in time order) spares the query when a page has them already."""
    if events is None:
        events = list(
            order.events.filter(kind__in=[EventKind.REDONE, EventKind.RESPONDED]).order_by("at", "id")
        )
    contact, redone = None, False
    for event in events:
        if event.kind == EventKind.REDONE:
            contact, redone = None, True
        elif event.kind == EventKind.RESPONDED and redone and contact is None:
            contact = event.at
    return contact


def workorder_respond(
    *, order_id: int, actor, note: str = "", expected_version: int | None = None
) -> WorkOrder:
    """Record the first contact with the citizen (响应): the order's first (`responded_at`, which
    the response rate judges), or the first of a redo round (in the event as `round_responded_at`)."""

    def change(order: WorkOrder) -> tuple[dict, dict]:
        now = timezone.now()
        if order.responded_at is None:
            order.responded_at = now
            return events.payload_respond(at=now)
        if order.redo_count and round_first_contact(order) is None:
            return events.payload_respond(at=now, round_only=True)
        raise ValidationFailed("本轮已记录过首次联系。" if order.redo_count else "已记录过首次联系。")

    return perform(
        order_id=order_id,
        action=Action.RESPOND,
        actor=actor,
        note=note,
        expected_version=expected_version,
        change=change,
    )


def workorder_add_note(*, order_id: int, actor, note: str, expected_version: int | None = None) -> WorkOrder:
    if not note.strip():
        raise ValidationFailed("进展内容不能为空。")
    return perform(
        order_id=order_id,
        action=Action.NOTE,
        actor=actor,
        note=note,
        expected_version=expected_version,
        change=lambda order: events.payload_note(),
    )


def extension_request(
    *, order_id: int, actor, working_days: int, reason: str, expected_version: int | None = None
) -> WorkOrder:
    if not reason.strip():
        raise ValidationFailed("申请延期须说明理由。")
    if not 1 <= working_days <= MAX_EXTENSION_WORKING_DAYS:
        raise ValidationFailed(f"延期天数须在 1 到 {MAX_EXTENSION_WORKING_DAYS} 个工作日之间。")

    def change(order: WorkOrder) -> tuple[dict, dict]:
        if order.extensions.filter(state=ExtensionRequest.State.PENDING).exists():
            raise ValidationFailed("已有待审批的延期申请。")
        ExtensionRequest.objects.create(
            order=order, working_days=working_days, reason=reason, requested_by=actor
        )
        return events.payload_request_extension(working_days=working_days)

    return perform(
        order_id=order_id,
        action=Action.REQUEST_EXTENSION,
        actor=actor,
        note=reason,
        expected_version=expected_version,
        change=change,
    )


def _pending_extension(order: WorkOrder) -> ExtensionRequest:
    pending = order.extensions.select_for_update().filter(state=ExtensionRequest.State.PENDING).first()
    if pending is None:
        raise ValidationFailed("没有待审批的延期申请。")
    return pending


def extension_approve(
    *, order_id: int, actor, note: str = "", expected_version: int | None = None
) -> WorkOrder:
    """Approve the pending request: the resolution deadline moves, and the move is recorded."""

    def change(order: WorkOrder) -> tuple[dict, dict]:
        pending = _pending_extension(order)
        old_due = order.resolve_due
        order.resolve_due = deadline_extend(due=old_due or timezone.now(), working_days=pending.working_days)
        order.escalation_level = 0
        pending.state = ExtensionRequest.State.APPROVED
        pending.decided_by = actor
        pending.decided_at = timezone.now()
        pending.save()
        return events.payload_approve_extension(
            old_due=old_due, new_due=order.resolve_due, working_days=pending.working_days
        )

    return perform(
        order_id=order_id,
        action=Action.APPROVE_EXTENSION,
        actor=actor,
        note=note,
        expected_version=expected_version,
        change=change,
    )


def extension_reject(*, order_id: int, actor, note: str, expected_version: int | None = None) -> WorkOrder:
    if not note.strip():
        raise ValidationFailed("驳回延期须说明理由。")

    def change(order: WorkOrder) -> tuple[dict, dict]:
        pending = _pending_extension(order)
        pending.state = ExtensionRequest.State.REJECTED
        pending.decided_by = actor
        pending.decided_at = timezone.now()
        pending.save()
        return events.payload_reject_extension()

    return perform(
        order_id=order_id,
        action=Action.REJECT_EXTENSION,
        actor=actor,
        note=note,
        expected_version=expected_version,
        change=change,
    )


def workorder_resolve(*, order_id: int, actor, result: str, expected_version: int | None = None) -> WorkOrder:
    if not result.strip():
        raise ValidationFailed("办结须填写办理结果。")

    def change(order: WorkOrder) -> tuple[dict, dict]:
        old_result = order.result
        order.result = result.strip()
        order.resolved_at = timezone.now()
        return events.payload_resolve(old_result=old_result, result=order.result, at=order.resolved_at)

    return perform(
        order_id=order_id,
        action=Action.RESOLVE,
        actor=actor,
        expected_version=expected_version,
        change=change,
    )
