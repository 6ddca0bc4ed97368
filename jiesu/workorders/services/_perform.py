"""The one path every lifecycle action takes: lock, check, change, record, in one transaction."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from jiesu.core.errors import ConcurrentChange
from jiesu.workorders.events import event_write, with_status
from jiesu.workorders.lock_objects import workorder_lock
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.permissions import ensure_can
from jiesu.workorders.states import transition_target

# A change function mutates the locked order and returns (old, new) dicts of what it changed.
Change = Callable[[WorkOrder], tuple[dict, dict]]


def perform(
    *,
    order_id: int,
    action: str,
    actor,
    change: Change,
    note: str = "",
    expected_version: int | None = None,
    event_kind: str | None = None,
    check_permission: bool = True,
    level: int | None = None,
) -> WorkOrder:
    with transaction.atomic():
        order = workorder_lock(order_id=order_id)
        if expected_version is not None and order.version != expected_version:
            raise ConcurrentChange()
        old_status = order.status
        # the state is checked before the permission: whoever loses a race (e.g. two units'
        # returns) learns that the order has moved on, not that they lack a right they had
        new_status = transition_target(action, old_status)
        # actor None is the system itself (auto-dispatch, the SLA scan): only internal callers
        # pass it; every request from a person carries that person (AnonymousUser included)
        if check_permission and actor is not None:
            ensure_can(actor, action, order)
        old, new = change(order)
        old, new = with_status(old, new, old_status, new_status)
        order.status = new_status
        order.version += 1
        order.save()
        event_write(
            order=order,
            kind=event_kind or action,
            actor=actor,
            old=old,
            new=new,
            note=note,
            at=timezone.now(),
            level=level,
        )
    return order
