"""The SLA scan: due soon, overdue → 催办 (level 1), long overdue → 督办 (level 2), each once."""

import json
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from jiesu.core.extensions import deadline_scans
from jiesu.workorders import services
from jiesu.workorders.models import EventKind, SlaState, WorkOrder
from jiesu.workorders.selectors import workbench_counts
from jiesu.workorders.tasks import sla_scan_task

BEIJING = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_the_order_scan():
    """Other apps register their own deadline checks; these tests pin the orders' part."""
    with deadline_scans.only("workorders"):
        yield


def beijing(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


def scan(now: datetime) -> dict:
    return services.sla_scan(now=now).as_dict()


def escalations(order: WorkOrder) -> list[tuple[str, object, int]]:
    return list(
        order.events.filter(kind__in=[EventKind.URGED, EventKind.SUPERVISED]).values_list(
            "kind", "actor", "level"
        )
    )


def reload(order: WorkOrder) -> WorkOrder:
    return WorkOrder.objects.get(pk=order.pk)


@pytest.fixture
def due_tuesday(drive):
    """A dispatched order due at the end of Tuesday 2024-10-08, the first working day after National Day."""
    return drive("dispatched", resolve_due=beijing(2024, 10, 8, 23, 59, 59))


def test_an_order_within_24_hours_of_its_deadline_is_marked_due_soon(due_tuesday, dispatcher):
    result = scan(beijing(2024, 10, 8, 9))

    assert result == {"scanned": 1, "due_soon": 1, "overdue": 0, "urged": 0, "supervised": 0}
    order = reload(due_tuesday)
    assert order.sla_state == SlaState.DUE_SOON
    event = order.events.get(kind=EventKind.SLA_CHANGED)
    assert (event.actor, event.old, event.new) == (None, {"sla_state": "ok"}, {"sla_state": "due_soon"})
    assert event.at == beijing(2024, 10, 8, 9)
    assert escalations(order) == []
    assert workbench_counts(user=dispatcher)["due_soon"] == 1


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (beijing(2024, 10, 7, 23, 59, 58), SlaState.OK),
        (beijing(2024, 10, 7, 23, 59, 59), SlaState.DUE_SOON),
        (beijing(2024, 10, 8, 23, 59, 59), SlaState.DUE_SOON),
        (beijing(2024, 10, 9, 0, 0, 0), SlaState.OVERDUE),
    ],
    ids=["24h-and-1s-before", "exactly-24h-before", "at-the-deadline", "1s-after"],
)
def test_the_boundaries_of_due_soon_and_overdue(due_tuesday, now, state):
    scan(now)

    assert reload(due_tuesday).sla_state == state


def test_an_overdue_order_is_urged_once_by_the_system_however_often_the_scan_runs(due_tuesday):
    first = scan(beijing(2024, 10, 9, 9))
    again = scan(beijing(2024, 10, 9, 9))
    later = scan(beijing(2024, 10, 9, 17))

    assert first == {"scanned": 1, "due_soon": 0, "overdue": 1, "urged": 1, "supervised": 0}
    assert again == later == {"scanned": 1, "due_soon": 0, "overdue": 1, "urged": 0, "supervised": 0}
    order = reload(due_tuesday)
    assert (order.sla_state, order.escalation_level, order.is_supervised) == (SlaState.OVERDUE, 1, False)
    assert escalations(order) == [(EventKind.URGED, None, 1)]
    urge = order.events.get(kind=EventKind.URGED)
    assert urge.at == beijing(2024, 10, 9, 9)
    assert urge.note == "系统自动催办：已超过办结时限。"
    assert order.events.filter(kind=EventKind.SLA_CHANGED).count() == 1


def test_two_working_days_late_the_order_is_supervised_once(due_tuesday):
    scan(beijing(2024, 10, 9, 9))  # one working day late: urged

    result = scan(beijing(2024, 10, 10, 9))  # two working days late: supervised
    scan(beijing(2024, 10, 11, 9))
    scan(beijing(2024, 10, 14, 9))

    assert result["supervised"] == 1
    order = reload(due_tuesday)
    assert (order.escalation_level, order.is_supervised) == (2, True)
    assert escalations(order) == [(EventKind.URGED, None, 1), (EventKind.SUPERVISED, None, 2)]
    assert order.events.get(kind=EventKind.SUPERVISED).note == "系统自动督办：超期未办结。"


def test_an_order_first_seen_long_overdue_gets_both_levels_once(due_tuesday):
    first = scan(beijing(2024, 10, 10, 9))
    again = scan(beijing(2024, 10, 11, 9))

    assert (first["urged"], first["supervised"]) == (1, 1)
    assert (again["urged"], again["supervised"]) == (0, 0)
    assert escalations(reload(due_tuesday)) == [(EventKind.URGED, None, 1), (EventKind.SUPERVISED, None, 2)]


def test_lateness_is_counted_in_working_days(drive):
    # given an order due at the end of the National Day eve, Monday 2024-09-30
    order = drive("dispatched", resolve_due=beijing(2024, 9, 30, 23, 59, 59))

    # a whole holiday week late is still zero working days late: urged, not supervised
    assert scan(beijing(2024, 10, 7, 20)) == {
        "scanned": 1,
        "due_soon": 0,
        "overdue": 1,
        "urged": 1,
        "supervised": 0,
    }
    assert scan(beijing(2024, 10, 8, 20))["supervised"] == 0
    # 10-08 and 10-09 are the first two working days late
    assert scan(beijing(2024, 10, 9, 8))["supervised"] == 1
    assert escalations(reload(order)) == [(EventKind.URGED, None, 1), (EventKind.SUPERVISED, None, 2)]


def test_the_make_up_saturday_counts_as_a_late_working_day(drive):
    order = drive("accepted", resolve_due=beijing(2024, 10, 11, 23, 59, 59))  # a Friday

    scan(beijing(2024, 10, 12, 10))  # make-up Saturday: 1 working day late
    scan(beijing(2024, 10, 13, 10))  # Sunday: still 1
    assert reload(order).escalation_level == 1

    scan(beijing(2024, 10, 14, 10))  # Monday: 2
    assert reload(order).escalation_level == 2


def test_supervise_after_is_a_setting(due_tuesday, settings):
    settings.JIESU = {**settings.JIESU, "SUPERVISE_AFTER_WORKING_DAYS": 5}

    scan(beijing(2024, 10, 14, 9))  # 10-09, 10, 11, 12, 14: five working days late

    assert reload(due_tuesday).escalation_level == 2
    assert settings.JIESU["SUPERVISE_AFTER_WORKING_DAYS"] == 5


def test_with_a_higher_threshold_four_days_late_is_only_urged(due_tuesday, settings):
    settings.JIESU = {**settings.JIESU, "SUPERVISE_AFTER_WORKING_DAYS": 5}

    scan(beijing(2024, 10, 12, 9))  # 10-09, 10, 11, 12: four working days late

    assert escalations(reload(due_tuesday)) == [(EventKind.URGED, None, 1)]


def test_a_resolved_order_is_no_longer_flagged(due_tuesday, member, dispatcher):
    # given an order the scan marked overdue
    scan(beijing(2024, 10, 9, 9))
    services.workorder_accept(order_id=due_tuesday.pk, actor=member)

    # when the unit resolves it and the scan runs again
    services.workorder_resolve(order_id=due_tuesday.pk, actor=member, result="已修复")
    result = scan(beijing(2024, 10, 10, 9))

    # then it is neither counted nor marked, and no supervision follows
    assert result == {"scanned": 0, "due_soon": 0, "overdue": 0, "urged": 0, "supervised": 0}
    order = reload(due_tuesday)
    assert order.sla_state == SlaState.OK
    assert escalations(order) == [(EventKind.URGED, None, 1)]
    assert workbench_counts(user=dispatcher)["due_soon"] == 0


def test_orders_not_yet_dispatched_or_without_deadline_are_not_scanned(drive):
    waiting = drive("new", resolve_due=beijing(2024, 10, 8, 23, 59, 59))
    returned = drive("returned", resolve_due=beijing(2024, 10, 8, 23, 59, 59))
    no_deadline = drive("dispatched", resolve_due=None)

    result = scan(beijing(2024, 10, 10, 9))

    assert result == {"scanned": 0, "due_soon": 0, "overdue": 0, "urged": 0, "supervised": 0}
    for order in (waiting, returned, no_deadline):
        order = reload(order)
        assert (order.sla_state, order.escalation_level) == (SlaState.OK, 0)
        assert escalations(order) == []


def test_an_approved_extension_takes_the_order_out_of_overdue(drive, member, dispatcher):
    order = drive("accepted", resolve_due=beijing(2024, 10, 8, 23, 59, 59))
    scan(beijing(2024, 10, 9, 9))
    services.extension_request(order_id=order.pk, actor=member, working_days=5, reason="需要协调供电公司")
    services.extension_approve(order_id=order.pk, actor=dispatcher)

    result = scan(beijing(2024, 10, 9, 10))

    assert (result["overdue"], result["due_soon"]) == (0, 0)
    assert reload(order).sla_state == SlaState.OK
    # 10-09, 10, 11, 12 (make-up Saturday), 14
    assert reload(order).resolve_due == beijing(2024, 10, 14, 23, 59, 59)


def test_a_manual_urge_does_not_stop_the_automatic_one(due_tuesday, dispatcher):
    services.workorder_urge(order_id=due_tuesday.pk, actor=dispatcher, note="请尽快处理")

    result = scan(beijing(2024, 10, 9, 9))

    assert result["urged"] == 1
    assert list(
        reload(due_tuesday).events.filter(kind=EventKind.URGED).order_by("id").values_list("actor", "level")
    ) == [
        (dispatcher.pk, None),
        (None, 1),
    ]


# --- the command and the task (real clock: deadlines relative to now) ---------------------------


@pytest.fixture
def four_orders(drive):
    now = timezone.now()
    drive("dispatched", resolve_due=now - timedelta(hours=1))  # overdue, at most 1 working day late
    drive("accepted", resolve_due=now - timedelta(days=30))  # long overdue
    drive("accepted", resolve_due=now + timedelta(hours=3))  # due soon
    drive("dispatched", resolve_due=now + timedelta(days=10))  # fine


def test_the_command_prints_the_counts_as_json(four_orders):
    out = StringIO()

    call_command("sla-scan", "--json", stdout=out)

    assert json.loads(out.getvalue()) == {
        "scanned": 4,
        "due_soon": 1,
        "overdue": 2,
        "urged": 2,
        "supervised": 1,
    }


def test_the_command_prints_a_chinese_summary_and_is_safe_to_repeat(four_orders):
    first, second = StringIO(), StringIO()

    call_command("sla-scan", stdout=first)
    call_command("sla-scan", stdout=second)

    assert first.getvalue() == (
        "时限扫描完成：检查在办工单 4 件，即将超期 1 件，已超期 2 件；本次自动催办 2 件，自动督办 1 件。\n"
    )
    assert second.getvalue() == (
        "时限扫描完成：检查在办工单 4 件，即将超期 1 件，已超期 2 件；本次自动催办 0 件，自动督办 0 件。\n"
    )


def test_the_celery_task_runs_the_scan_and_returns_the_counts(four_orders):
    assert sla_scan_task.apply().get() == {
        "scanned": 4,
        "due_soon": 1,
        "overdue": 2,
        "urged": 2,
        "supervised": 1,
    }
    assert sla_scan_task.apply().get()["urged"] == 0


@pytest.mark.django_db(transaction=True)
def test_the_scan_commits_order_by_order_outside_a_test_transaction(drive):
    # given orders in a database in autocommit mode (as under cron), the scan's cursor survives commits
    orders = [drive("dispatched", resolve_due=beijing(2024, 10, 8, 23, 59, 59)) for _ in range(3)]
    assert not connection.in_atomic_block

    result = scan(beijing(2024, 10, 10, 9))

    assert result == {"scanned": 3, "due_soon": 0, "overdue": 3, "urged": 3, "supervised": 3}
    assert [reload(order).escalation_level for order in orders] == [2, 2, 2]


def test_after_an_extension_runs_out_the_order_is_urged_again(drive, member, dispatcher):
    order = drive("accepted", resolve_due=beijing(2024, 10, 8, 23, 59, 59))
    scan(beijing(2024, 10, 9, 9))
    services.extension_request(order_id=order.pk, actor=member, working_days=2, reason="等待配件")
    services.extension_approve(order_id=order.pk, actor=dispatcher)
    assert reload(order).resolve_due == beijing(2024, 10, 10, 23, 59, 59)

    result = scan(beijing(2024, 10, 11, 9))
    scan(beijing(2024, 10, 11, 10))

    assert result["urged"] == 1
    urges = reload(order).events.filter(kind=EventKind.URGED, actor=None).order_by("id")
    assert [event.new["resolve_due"] for event in urges] == [
        "2024-10-08T23:59:59+08:00",
        "2024-10-10T23:59:59+08:00",
    ]
