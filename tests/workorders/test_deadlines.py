"""Time limits are data (DeadlineRule rows), the deadline is stored when set, and extensions move it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from jiesu.core.errors import ValidationFailed
from jiesu.core.models import CalendarDay
from jiesu.workorders import services
from jiesu.workorders.deadlines import Limits, deadline_extend, deadlines_compute, limits_for
from jiesu.workorders.models import AppealType, DeadlineRule, EventKind, ExtensionRequest, Urgency, WorkOrder
from jiesu.workorders.states import Action
from tests.factories import CompoundFactory

BEIJING = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def beijing(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


# --- rules -----------------------------------------------------------------------------------


def test_the_migration_seeds_the_default_rules():
    rules = set(
        DeadlineRule.objects.values_list("appeal_type", "urgency", "response_hours", "resolve_working_days")
    )
    assert rules == {
        ("", "normal", 24, 7),
        ("inquiry", "normal", 24, 2),
        ("", "urgent", 2, 2),
        ("", "critical", 1, 1),
    }


@pytest.mark.parametrize(
    ("appeal_type", "urgency", "expected"),
    [
        (AppealType.HELP, Urgency.NORMAL, Limits(24, 7)),
        (AppealType.COMPLAINT, Urgency.NORMAL, Limits(24, 7)),
        (AppealType.INQUIRY, Urgency.NORMAL, Limits(24, 2)),
        (AppealType.INQUIRY, Urgency.URGENT, Limits(2, 2)),
        (AppealType.HELP, Urgency.URGENT, Limits(2, 2)),
        (AppealType.REPORT, Urgency.CRITICAL, Limits(1, 1)),
    ],
)
def test_the_specific_rule_wins_and_a_blank_type_applies_to_every_type(appeal_type, urgency, expected):
    assert limits_for(appeal_type=appeal_type, urgency=urgency) == expected


def test_a_rule_added_in_the_admin_applies_to_its_type_only():
    DeadlineRule.objects.create(
        appeal_type=AppealType.COMPLAINT, urgency=Urgency.NORMAL, response_hours=12, resolve_working_days=3
    )
    assert limits_for(appeal_type=AppealType.COMPLAINT, urgency=Urgency.NORMAL) == Limits(12, 3)
    assert limits_for(appeal_type=AppealType.HELP, urgency=Urgency.NORMAL) == Limits(24, 7)


def test_without_a_matching_rule_the_settings_defaults_apply(settings):
    settings.JIESU = {**settings.JIESU, "DEFAULT_RESPONSE_HOURS": 48, "DEFAULT_RESOLVE_WORKING_DAYS": 10}
    DeadlineRule.objects.filter(urgency=Urgency.URGENT).delete()

    assert limits_for(appeal_type=AppealType.HELP, urgency=Urgency.URGENT) == Limits(48, 10)
    assert limits_for(appeal_type=AppealType.HELP, urgency=Urgency.NORMAL) == Limits(24, 7)


def test_deadlines_compute_uses_the_rule_and_the_working_day_calendar():
    response_due, resolve_due = deadlines_compute(
        received_at=beijing(2024, 9, 30, 10), appeal_type=AppealType.INQUIRY, urgency=Urgency.NORMAL
    )
    assert response_due == beijing(2024, 10, 1, 10)
    assert resolve_due == beijing(2024, 10, 9, 23, 59, 59)


def test_deadline_extend_keeps_the_time_of_day_and_skips_the_holiday():
    assert deadline_extend(due=beijing(2024, 9, 30, 23, 59, 59), working_days=1) == beijing(
        2024, 10, 8, 23, 59, 59
    )
    assert deadline_extend(due=beijing(2024, 9, 27, 23, 59, 59), working_days=2) == beijing(
        2024, 9, 30, 23, 59, 59
    )


# --- stored at creation ----------------------------------------------------------------------


def register(dispatcher, **kwargs) -> WorkOrder:
    return services.workorder_create(
        actor=dispatcher,
        content="咨询老旧小区加装电梯的申请流程",
        received_at=beijing(2024, 9, 30, 10),
        compound=CompoundFactory(),
        **kwargs,
    )


def test_workorder_create_stores_the_deadlines_of_a_normal_request(dispatcher):
    order = register(dispatcher)

    order = WorkOrder.objects.get(pk=order.pk)
    assert order.response_due == beijing(2024, 10, 1, 10)
    # seven working days from 09-30: 10-08, 09, 10, 11, 12 (make-up Saturday), 14, 15
    assert order.resolve_due == beijing(2024, 10, 15, 23, 59, 59)


@pytest.mark.parametrize(
    ("appeal_type", "urgency", "response_due", "resolve_due"),
    [
        (AppealType.INQUIRY, Urgency.NORMAL, beijing(2024, 10, 1, 10), beijing(2024, 10, 9, 23, 59, 59)),
        (AppealType.HELP, Urgency.URGENT, beijing(2024, 9, 30, 12), beijing(2024, 10, 9, 23, 59, 59)),
        (AppealType.HELP, Urgency.CRITICAL, beijing(2024, 9, 30, 11), beijing(2024, 10, 8, 23, 59, 59)),
    ],
)
def test_workorder_create_stores_the_deadlines_of_its_rule(
    dispatcher, appeal_type, urgency, response_due, resolve_due
):
    order = register(dispatcher, appeal_type=appeal_type, urgency=urgency)

    order = WorkOrder.objects.get(pk=order.pk)
    assert (order.response_due, order.resolve_due) == (response_due, resolve_due)


def test_a_stored_deadline_does_not_move_when_the_rule_changes_later(dispatcher):
    order = register(dispatcher, appeal_type=AppealType.INQUIRY)

    DeadlineRule.objects.filter(appeal_type=AppealType.INQUIRY).update(
        response_hours=1, resolve_working_days=20
    )

    order = WorkOrder.objects.get(pk=order.pk)
    assert order.resolve_due == beijing(2024, 10, 9, 23, 59, 59)
    assert order.response_due == beijing(2024, 10, 1, 10)


def test_a_day_the_admin_marks_as_rest_pushes_the_stored_deadline(dispatcher):
    CalendarDay.objects.create(date=date(2024, 10, 8), is_workday=False, note="街道调休")

    order = register(dispatcher, appeal_type=AppealType.INQUIRY)

    assert WorkOrder.objects.get(pk=order.pk).resolve_due == beijing(2024, 10, 10, 23, 59, 59)


# --- extensions ------------------------------------------------------------------------------


@pytest.fixture
def accepted(drive):
    """An accepted order due on Friday 2024-09-27 at the end of the day."""
    return drive("accepted", resolve_due=beijing(2024, 9, 27, 23, 59, 59))


def test_an_approved_extension_moves_the_deadline_by_working_days_and_records_it(
    accepted, member, dispatcher
):
    # given the unit asks for 2 more working days
    services.extension_request(order_id=accepted.pk, actor=member, working_days=2, reason="需要协调供电公司")

    # when the dispatcher approves
    order = services.extension_approve(order_id=accepted.pk, actor=dispatcher, note="同意")

    # then the deadline skips Saturday 09-28, counts make-up Sunday 09-29, and lands on 09-30
    assert WorkOrder.objects.get(pk=order.pk).resolve_due == beijing(2024, 9, 30, 23, 59, 59)
    event = order.events.get(kind=EventKind.EXTENSION_APPROVED)
    assert event.actor == dispatcher
    assert event.old == {"resolve_due": "2024-09-27T23:59:59+08:00"}
    assert event.new == {"resolve_due": "2024-09-30T23:59:59+08:00", "working_days": 2}
    request = ExtensionRequest.objects.get(order=order)
    assert (request.state, request.decided_by) == (ExtensionRequest.State.APPROVED, dispatcher)


def test_an_extension_across_national_day_lands_after_the_holiday(drive, member, dispatcher):
    order = drive("accepted", resolve_due=beijing(2024, 9, 30, 23, 59, 59))
    services.extension_request(order_id=order.pk, actor=member, working_days=1, reason="节前材料未到")

    services.extension_approve(order_id=order.pk, actor=dispatcher)

    assert WorkOrder.objects.get(pk=order.pk).resolve_due == beijing(2024, 10, 8, 23, 59, 59)


def test_the_request_itself_is_recorded_but_does_not_move_the_deadline(accepted, member):
    services.extension_request(order_id=accepted.pk, actor=member, working_days=2, reason="需要协调供电公司")

    order = WorkOrder.objects.get(pk=accepted.pk)
    assert order.resolve_due == beijing(2024, 9, 27, 23, 59, 59)
    event = order.events.get(kind=EventKind.EXTENSION_REQUESTED)
    assert (event.actor, event.note, event.new) == (member, "需要协调供电公司", {"extension_working_days": 2})
    assert ExtensionRequest.objects.get(order=order).state == ExtensionRequest.State.PENDING


def test_a_rejected_extension_leaves_the_deadline(accepted, member, dispatcher):
    services.extension_request(order_id=accepted.pk, actor=member, working_days=2, reason="需要协调供电公司")

    services.extension_reject(order_id=accepted.pk, actor=dispatcher, note="可先行处置")

    order = WorkOrder.objects.get(pk=accepted.pk)
    assert order.resolve_due == beijing(2024, 9, 27, 23, 59, 59)
    event = order.events.get(kind=EventKind.EXTENSION_REJECTED)
    assert (event.actor, event.note) == (dispatcher, "可先行处置")
    assert ExtensionRequest.objects.get(order=order).state == ExtensionRequest.State.REJECTED


def test_only_one_request_may_be_pending(accepted, member, dispatcher):
    services.extension_request(order_id=accepted.pk, actor=member, working_days=2, reason="需要协调供电公司")

    with pytest.raises(ValidationFailed) as refusal:
        services.extension_request(order_id=accepted.pk, actor=member, working_days=5, reason="再加几天")

    assert refusal.value.message == "已有待审批的延期申请。"
    assert ExtensionRequest.objects.filter(order=accepted).count() == 1
    assert accepted.events.filter(kind=Action.REQUEST_EXTENSION).count() == 1

    # once decided, the unit may ask again
    services.extension_reject(order_id=accepted.pk, actor=dispatcher, note="可先行处置")
    services.extension_request(order_id=accepted.pk, actor=member, working_days=1, reason="确需一天")
    assert ExtensionRequest.objects.filter(order=accepted, state=ExtensionRequest.State.PENDING).count() == 1


def test_deciding_without_a_pending_request_is_refused(accepted, dispatcher):
    with pytest.raises(ValidationFailed) as refusal:
        services.extension_approve(order_id=accepted.pk, actor=dispatcher)

    assert refusal.value.message == "没有待审批的延期申请。"
    assert WorkOrder.objects.get(pk=accepted.pk).resolve_due == beijing(2024, 9, 27, 23, 59, 59)


@pytest.mark.parametrize(
    ("working_days", "reason", "message"),
    [
        (0, "需要协调", "延期天数须在 1 到 30 个工作日之间。"),
        (31, "需要协调", "延期天数须在 1 到 30 个工作日之间。"),
        (2, "   ", "申请延期须说明理由。"),
    ],
)
def test_a_request_needs_a_reason_and_a_sane_number_of_days(accepted, member, working_days, reason, message):
    with pytest.raises(ValidationFailed) as refusal:
        services.extension_request(
            order_id=accepted.pk, actor=member, working_days=working_days, reason=reason
        )

    assert refusal.value.message == message
    assert not ExtensionRequest.objects.exists()
