"""Rounds and inspections through their services: scoring, submitting, closing, the version rules."""

from datetime import date
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from jiesu.core.errors import ConcurrentChange, NotPermitted, TransitionNotAllowed, ValidationFailed
from jiesu.evaluation import services
from jiesu.evaluation.models import Indicator, Inspection, InspectionEvent, Round, Score
from jiesu.evaluation.states import InspectionStatus, RoundStatus
from tests.evaluation.conftest import at, first_indicator, open_round, point, start_inspection

pytestmark = pytest.mark.django_db


def snapshot(inspection: Inspection) -> dict:
    inspection = Inspection.objects.get(pk=inspection.pk)
    return {
        "inspection": model_to_dict(inspection),
        "scores": list(inspection.scores.values_list("indicator_id", "deduction", "reason")),
        "events": inspection.events.count(),
    }


def test_an_inspection_starts_at_full_marks_and_deductions_set_its_score(street, round_q2):
    inspection = start_inspection(street, round_q2, street.project_a, when=at(2024, 6, 3, 9))
    assert inspection.status == InspectionStatus.DRAFT and inspection.inspected_on == date(2024, 6, 3)
    assert (inspection.score, inspection.max_score) == (Decimal("100"), Decimal("100"))
    assert inspection.scores.count() == 25

    fees, lights = first_indicator(round_q2, "1.3"), first_indicator(round_q2, "3.5")
    inspection = services.inspection_score(
        inspection_id=inspection.pk,
        deductions={fees.pk: ("2", "未公示收费标准"), lights.pk: (Decimal("1.5"), "3处楼道灯不亮")},
        actor=street.user("evaluator"),
    )
    assert inspection.score == Decimal("96.5")
    event = inspection.events.get(kind="score")
    assert event.old == {"1.3": ["0.0", ""], "3.5": ["0.0", ""], "score": "100.0"}
    assert event.new == {"1.3": ["2.0", "未公示收费标准"], "3.5": ["1.5", "3处楼道灯不亮"], "score": "96.5"}

    # an indicator left out keeps its deduction; one set back to 0 gives its points back
    inspection = services.inspection_score(
        inspection_id=inspection.pk, deductions={fees.pk: ("0", "")}, actor=street.user("evaluator")
    )
    assert inspection.score == Decimal("98.5")
    assert Score.objects.get(inspection=inspection, indicator=lights).deduction == Decimal("1.5")


@pytest.mark.parametrize(
    ("deduction", "reason", "message"),
    [
        ("5", "x", "不能超过该项分值 4"),
        ("-1", "x", "不能为负数"),
        ("1.25", "x", "一位小数"),
        ("abc", "x", "应为数字"),
        ("1", "", "写明扣分原因"),
        ("1", "长" * 301, "300 字"),
    ],
)
def test_a_bad_deduction_is_refused_and_nothing_is_saved(street, round_q2, deduction, reason, message):
    inspection = start_inspection(street, round_q2, street.project_a)
    fees, lights = first_indicator(round_q2, "1.3"), first_indicator(round_q2, "3.5")
    before = snapshot(inspection)
    with pytest.raises(ValidationFailed, match=message):
        services.inspection_score(
            inspection_id=inspection.pk,
            deductions={
                lights.pk: ("1", "楼道灯"),
                fees.pk: (deduction, reason),
            },  # the good one is not kept either
            actor=street.user("evaluator"),
        )
    assert snapshot(inspection) == before


def test_an_indicator_of_another_version_is_refused(street, round_q2):
    inspection = start_inspection(street, round_q2, street.project_a)
    copy = services.indicator_system_copy(system_id=round_q2.system_id, actor=street.user("centre_admin"))
    other = Indicator.objects.get(category__system=copy, code="1.3")
    with pytest.raises(ValidationFailed, match="不属于本轮"):
        services.inspection_score(
            inspection_id=inspection.pk, deductions={other.pk: ("1", "x")}, actor=street.user("evaluator")
        )


def test_submitting_freezes_the_scores_and_the_centre_may_send_it_back(street, round_q2):
    inspection = start_inspection(street, round_q2, street.project_a, when=at(2024, 6, 3, 9))
    inspection = services.inspection_submit(
        inspection_id=inspection.pk, actor=street.user("evaluator"), summary="总体较好", at=at(2024, 6, 3, 17)
    )
    assert inspection.status == InspectionStatus.SUBMITTED and inspection.submitted_at == at(2024, 6, 3, 17)
    before = snapshot(inspection)
    fees = first_indicator(round_q2)
    with pytest.raises(TransitionNotAllowed, match="已提交"):
        services.inspection_score(
            inspection_id=inspection.pk, deductions={fees.pk: ("1", "x")}, actor=street.user("evaluator")
        )
    with pytest.raises(TransitionNotAllowed):
        point(street, inspection, street.compound_a)
    with pytest.raises(NotPermitted):
        services.inspection_reopen(inspection_id=inspection.pk, actor=street.user("evaluator"), note="改错分")
    with pytest.raises(ValidationFailed, match="原因"):
        services.inspection_reopen(inspection_id=inspection.pk, actor=street.user("dispatcher"), note="")
    assert snapshot(inspection) == before
    inspection = services.inspection_reopen(
        inspection_id=inspection.pk, actor=street.user("dispatcher"), note="1.3 扣分有误"
    )
    assert inspection.status == InspectionStatus.DRAFT and inspection.submitted_at is None
    assert list(inspection.events.values_list("kind", flat=True)) == ["start", "submit", "reopen"]


def test_an_inspection_date_in_the_future_is_refused(street, round_q2):
    inspection = start_inspection(street, round_q2, street.project_a, when=at(2024, 6, 3, 9))
    with pytest.raises(ValidationFailed, match="不能晚于今天"):
        services.inspection_submit(
            inspection_id=inspection.pk,
            actor=street.user("evaluator"),
            inspected_on=date(2024, 6, 5),
            at=at(2024, 6, 4, 9),
        )


@pytest.mark.parametrize("role", ["property", "community", "leader", "department", "grid_worker", "auditor"])
def test_only_the_evaluator_and_the_centre_inspect(street, round_q2, role):
    with pytest.raises(NotPermitted):
        start_inspection_as(street, round_q2, role)
    assert not Inspection.objects.exists()


def start_inspection_as(street, evaluation_round, role):
    return services.inspection_start(
        round_id=evaluation_round.pk, project_id=street.project_a.pk, actor=street.user(role)
    )


def test_one_inspection_per_project_and_round_and_only_of_property_projects(street, round_q2):
    start_inspection(street, round_q2, street.project_a)
    with pytest.raises(ValidationFailed, match="已有检查记录"):
        start_inspection(street, round_q2, street.project_a)
    with pytest.raises(ValidationFailed, match="物业服务项目"):
        start_inspection(street, round_q2, street.company)
    assert Inspection.objects.count() == 1


def test_a_round_closes_only_when_every_inspection_is_submitted_and_then_nothing_changes(street, round_q2):
    inspection = start_inspection(street, round_q2, street.project_a)
    with pytest.raises(TransitionNotAllowed, match="1 个检查未提交"):
        services.round_close(round_id=round_q2.pk, actor=street.user("evaluator"))
    services.inspection_submit(inspection_id=inspection.pk, actor=street.user("evaluator"))
    closed = services.round_close(round_id=round_q2.pk, actor=street.user("evaluator"), note="本轮结束")
    assert closed.status == RoundStatus.CLOSED and closed.closed_at is not None
    with pytest.raises(TransitionNotAllowed, match="已结束"):
        start_inspection(street, round_q2, street.project_b)
    with pytest.raises(TransitionNotAllowed, match="已结束"):
        services.inspection_reopen(inspection_id=inspection.pk, actor=street.user("dispatcher"), note="x")
    with pytest.raises(NotPermitted):
        services.round_reopen(round_id=round_q2.pk, actor=street.user("evaluator"), note="x")
    with pytest.raises(ConcurrentChange):
        services.round_reopen(round_id=round_q2.pk, actor=street.user("dispatcher"), expected_version=0)
    reopened = services.round_reopen(round_id=round_q2.pk, actor=street.user("dispatcher"), note="补查")
    assert reopened.status == RoundStatus.OPEN
    assert list(reopened.events.values_list("kind", flat=True)) == ["create", "close", "reopen"]


def test_round_input_is_checked(street):
    for name, start, end, message in [
        ("", date(2024, 1, 1), date(2024, 3, 31), "轮次名称"),
        ("2024年第一季度", date(2024, 4, 1), date(2024, 3, 31), "不能晚于"),
    ]:
        with pytest.raises(ValidationFailed, match=message):
            services.round_create(
                name=name, period_start=start, period_end=end, actor=street.user("dispatcher")
            )
    open_round(street, name="2024年第一季度", start=date(2024, 1, 1), end=date(2024, 3, 31))
    with pytest.raises(ValidationFailed, match="已有名为"):
        open_round(street, name="2024年第一季度", start=date(2024, 1, 1), end=date(2024, 3, 31))
    with pytest.raises(NotPermitted):
        services.round_create(
            name="x", period_start=date(2024, 1, 1), period_end=date(2024, 1, 2), actor=street.user("leader")
        )
    assert Round.objects.count() == 1


def test_a_round_keeps_its_version_when_a_new_one_is_made(street, round_q2):
    copy = services.indicator_system_copy(system_id=round_q2.system_id, actor=street.user("centre_admin"))
    Indicator.objects.filter(category__system=copy, code="1.3").update(max_score=Decimal("6"))
    inspection = start_inspection(street, round_q2, street.project_a)
    assert inspection.max_score == Decimal("100") and round_q2.system.version == 1
    later = open_round(street, name="2024年第三季度", start=date(2024, 7, 1), end=date(2024, 9, 30))
    assert later.system == copy and start_inspection(street, later, street.project_a).max_score == Decimal(
        "102"
    )
    assert InspectionEvent.objects.filter(kind="start").count() == 2
