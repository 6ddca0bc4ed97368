"""The SLA scan writes only what changed, and every change of the time-limit state is an event."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from jiesu.workorders import services
from jiesu.workorders.models import EventKind, SlaState, WorkOrder

BEIJING = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def beijing(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


def test_a_scan_that_changes_nothing_writes_nothing(drive):
    quiet = drive("accepted", resolve_due=beijing(2030, 1, 1, 23, 59, 59))
    before = WorkOrder.objects.get(pk=quiet.pk)
    services.sla_scan(now=beijing(2029, 6, 1, 9))
    services.sla_scan(now=beijing(2029, 6, 1, 9, 10))
    after = WorkOrder.objects.get(pk=quiet.pk)
    assert (after.updated_at, after.version) == (before.updated_at, before.version)
    assert not after.events.filter(kind=EventKind.SLA_CHANGED).exists()


def test_an_order_that_left_handling_while_overdue_goes_back_to_normal_with_an_event(drive, member):
    order = drive("accepted", resolve_due=beijing(2024, 10, 8, 23, 59, 59))
    services.sla_scan(now=beijing(2024, 10, 9, 9))
    assert WorkOrder.objects.get(pk=order.pk).sla_state == SlaState.OVERDUE
    services.workorder_resolve(order_id=order.pk, actor=member, result="已修好")

    services.sla_scan(now=beijing(2024, 10, 9, 10))

    order = WorkOrder.objects.get(pk=order.pk)
    assert order.sla_state == SlaState.OK
    last = order.events.filter(kind=EventKind.SLA_CHANGED).order_by("-id").first()
    assert (last.actor, last.old, last.new) == (None, {"sla_state": "overdue"}, {"sla_state": "ok"})
