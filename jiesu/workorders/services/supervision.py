"""催办 / 督办, by hand and by the SLA scan."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from jiesu.core.selectors import calendar_current
from jiesu.workorders import events
from jiesu.workorders.deadlines import sla_settings
from jiesu.workorders.events import AUTO_ESCALATION_NOTES, event_write
from jiesu.workorders.lock_objects import workorder_lock
from jiesu.workorders.models import EventKind, SlaState, WorkOrder
from jiesu.workorders.services._perform import perform
from jiesu.workorders.states import IN_HANDLING, Action

LEVEL_URGE = 1
LEVEL_SUPERVISE = 2


def workorder_urge(*, order_id: int, actor, note: str = "", expected_version: int | None = None) -> WorkOrder:
    return perform(
        order_id=order_id,
        action=Action.URGE,
        actor=actor,
        note=note,
        expected_version=expected_version,
        change=lambda order: events.payload_urge(),
    )


def workorder_supervise(
    *, order_id: int, actor, note: str = "", expected_version: int | None = None
) -> WorkOrder:
    def change(order: WorkOrder) -> tuple[dict, dict]:
        payload = events.payload_supervise(was_supervised=order.is_supervised)
        order.is_supervised = True
        return payload

    return perform(
        order_id=order_id,
        action=Action.SUPERVISE,
        actor=actor,
        note=note,
        expected_version=expected_version,
        change=change,
    )


@dataclass
class ScanResult:
    scanned: int = 0
    due_soon: int = 0
    overdue: int = 0
    urged: int = 0
    supervised: int = 0

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def _sla_state(order: WorkOrder, now: datetime, due_soon: timedelta) -> str:
    if order.resolve_due is None:
        return SlaState.OK
    if order.resolve_due < now:
        return SlaState.OVERDUE
    if order.resolve_due - now <= due_soon:
        return SlaState.DUE_SOON
    return SlaState.OK


def sla_scan(*, now: datetime | None = None) -> ScanResult:
    """Mark due-soon and overdue orders; urge when overdue, supervise when long overdue.

    Safe to run as often as wanted: each automatic level is written at most once per order and
    deadline. The level reached is kept on the order and read under its row lock; an approved
    extension or a redo sets a new deadline and resets the level, so a new lateness is urged again.
    """
    now = now or timezone.now()
    due_soon, supervise_after = sla_settings()
    calendar = calendar_current()
    tz = timezone.get_current_timezone()
    result = ScanResult()
    candidates = WorkOrder.objects.filter(status__in=IN_HANDLING, resolve_due__isnull=False).values_list(
        "id", flat=True
    )
    _settle_left_handling(now)
    for order_id in candidates.iterator():
        result.scanned += 1
        with transaction.atomic():
            order = workorder_lock(order_id=order_id)
            if order.status not in IN_HANDLING:
                continue
            state = _sla_state(order, now, due_soon)
            level = 0
            if state == SlaState.OVERDUE:
                late_days = calendar.working_days_between(
                    order.resolve_due.astimezone(tz).date(), now.astimezone(tz).date()
                )
                level = LEVEL_SUPERVISE if late_days >= supervise_after else LEVEL_URGE
            changed = False
            if state != order.sla_state:
                old, new = events.payload_sla_changed(old_state=order.sla_state, new_state=state)
                event_write(order=order, kind=EventKind.SLA_CHANGED, old=old, new=new, at=now)
                order.sla_state = state
                changed = True
            for step in range(order.escalation_level + 1, level + 1):
                _escalate(order, step, now)
                if step == LEVEL_URGE:
                    result.urged += 1
                else:
                    result.supervised += 1
                    order.is_supervised = True
                changed = True
            order.escalation_level = max(order.escalation_level, level)
            if changed:  # an order whose state did not move is not written (updated_at keeps its meaning)
                order.save(update_fields=["sla_state", "escalation_level", "is_supervised", "updated_at"])
            result.due_soon += state == SlaState.DUE_SOON
            result.overdue += state == SlaState.OVERDUE
    return result


def _settle_left_handling(now: datetime) -> None:
    """An order that left handling (resolved, returned, merged, imported as closed) while marked due
    soon or overdue goes back to 正常 — recorded, like every change of its time-limit state."""
    stale = WorkOrder.objects.exclude(status__in=IN_HANDLING).exclude(sla_state=SlaState.OK)
    for order_id in stale.values_list("id", flat=True).iterator():
        with transaction.atomic():
            order = workorder_lock(order_id=order_id)
            if order.status in IN_HANDLING or order.sla_state == SlaState.OK:
                continue
            old, new = events.payload_sla_changed(old_state=order.sla_state, new_state=SlaState.OK)
            event_write(order=order, kind=EventKind.SLA_CHANGED, old=old, new=new, at=now)
            order.sla_state = SlaState.OK
            order.save(update_fields=["sla_state", "updated_at"])


def _escalate(order: WorkOrder, level: int, now: datetime) -> None:
    kind = EventKind.URGED if level == LEVEL_URGE else EventKind.SUPERVISED
    old, new = events.payload_escalate(level=level, resolve_due=order.resolve_due)
    event_write(
        order=order, kind=kind, note=AUTO_ESCALATION_NOTES[level], at=now, level=level, old=old, new=new
    )
