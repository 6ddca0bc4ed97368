"""Scorecards, the ranking and the report section against counts made by hand."""

from datetime import date
from decimal import Decimal

import pytest

from jiesu.evaluation import services
from jiesu.evaluation.sections import evaluation_section
from jiesu.evaluation.selectors.figures import round_ranking, scorecard
from jiesu.insight.rollup import insight_rebuild
from jiesu.insight.selectors.rates import overall_rates
from jiesu.insight.selectors.scope import Period, Scope
from jiesu.workorders import services as order_services
from tests.evaluation.conftest import at, first_indicator, open_round, photo, point, start_inspection
from tests.factories import WorkOrderFactory

pytestmark = pytest.mark.django_db


def inspect(street, evaluation_round, project, deduction: str, day: date):
    inspection = start_inspection(street, evaluation_round, project, when=at(day.year, day.month, day.day, 9))
    if deduction != "0":
        services.inspection_score(
            inspection_id=inspection.pk,
            deductions={first_indicator(evaluation_round, "3.4").pk: (deduction, "灭火器过期")},
            actor=street.user("evaluator"),
        )
    return inspection


def submit(street, inspection):
    return services.inspection_submit(inspection_id=inspection.pk, actor=street.user("evaluator"))


@pytest.fixture
def rounds(street):
    """Q1: A 95. Q2: A 96.5 and C 96.5 (rank 1, 1), B 95 (rank 3). Ledger of Q2 as listed below."""
    q1 = open_round(street, name="2024年第一季度", start=date(2024, 1, 1), end=date(2024, 3, 31))
    submit(street, inspect(street, q1, street.project_a, "5", date(2024, 3, 5)))
    q2 = open_round(street)
    a = inspect(street, q2, street.project_a, "3.5", date(2024, 6, 3))
    b = inspect(street, q2, street.project_b, "5", date(2024, 6, 4))
    c = inspect(street, q2, street.project_c, "3.5", date(2024, 6, 5))
    evaluator, community, prop = street.user("evaluator"), street.user("community"), street.user("property")

    # A: closed on time; rectified late (waiting for the look-back); found not so (not counted)
    closed = point(street, a, street.compound_a, when=at(2024, 6, 3, 10))
    services.ledger_item_verify(item_id=closed.pk, actor=community, at=at(2024, 6, 4, 10))
    services.ledger_item_rectify(
        item_id=closed.pk, actor=prop, rectification="好了", photos=[photo()], at=at(2024, 6, 5, 10)
    )
    services.ledger_item_confirm(item_id=closed.pk, actor=evaluator, at=at(2024, 6, 21, 10))
    late = point(street, a, street.compound_a, when=at(2024, 6, 3, 11), severity="serious")
    services.ledger_item_verify(item_id=late.pk, actor=community, at=at(2024, 6, 4, 10))  # due 06-06
    services.ledger_item_rectify(
        item_id=late.pk, actor=prop, rectification="好了", photos=[photo()], at=at(2024, 6, 12, 10)
    )
    dismissed = point(street, a, street.compound_a, when=at(2024, 6, 3, 12))
    services.ledger_item_dismiss(item_id=dismissed.pk, actor=community, note="不属实")
    # B: one being rectified long past its deadline, one still waiting for the on-site check
    overdue = point(street, b, street.compound_b, when=at(2024, 6, 4, 10))
    services.ledger_item_verify(item_id=overdue.pk, actor=street.user("community_b"), at=at(2024, 6, 5, 10))
    point(street, b, street.compound_b, when=at(2024, 6, 4, 11))
    for inspection in (a, b, c):
        submit(street, inspection)
    return q1, q2


def orders(street):
    """A leads 6 orders in Q2 and 1 in Q3; B leads 1 in Q2."""
    dispatcher = street.user("dispatcher")
    for project, day, count in ((street.project_a, date(2024, 5, 10), 6), (street.project_a, date(2024, 7, 2), 1),
                                (street.project_b, date(2024, 4, 20), 1)):  # fmt: skip
        for n in range(count):
            order = WorkOrderFactory(
                received_at=at(day.year, day.month, day.day, 8 + n), compound=project.compounds.first()
            )
            order_services.workorder_dispatch(order_id=order.pk, actor=dispatcher, lead_unit=project)
    insight_rebuild()


def test_the_ranking_counts_what_was_done_by_hand(street, rounds):
    orders(street)
    _, q2 = rounds
    rows = {
        row.project.name: row
        for row in round_ranking(user=street.user("dispatcher"), evaluation_round=q2, with_orders=True)
    }
    a, b, c = rows["联合物业甲项目"], rows["联合物业乙项目"], rows["独立物业丙项目"]
    assert [(r.score, r.rank) for r in (a, c, b)] == [
        (Decimal("96.5"), 1),
        (Decimal("96.5"), 1),
        (Decimal("95.0"), 3),
    ]
    assert a.previous == Decimal("95.0") and a.change == Decimal("1.5") and b.change is None
    assert (a.ledger.items, a.ledger.closed, a.ledger.rectified, a.ledger.on_time, a.ledger.open) == (
        2,
        1,
        2,
        1,
        1,
    )
    assert (a.ledger.closure_rate, a.ledger.on_time_rate, a.ledger.overdue) == (50.0, 50.0, 0)
    assert (b.ledger.items, b.ledger.closed, b.ledger.overdue, b.ledger.open) == (2, 0, 1, 2)
    assert b.ledger.closure_rate == 0.0 and b.ledger.on_time_rate is None
    # 12345: 6 orders over 400 households = 1.5 per hundred; B: 1 over 250 = 0.4; C: none
    assert (a.orders.received, a.orders.per_100, b.orders.received, b.orders.per_100) == (6, 1.5, 1, 0.4)
    assert (c.orders.received, c.orders.per_100) == (0, 0.0)
    same = overall_rates(
        scope=Scope(street_wide=True, pick_unit=street.project_a.pk),
        period=Period(date(2024, 4, 1), date(2024, 6, 30)),
    )
    assert (a.orders.response_rate, a.orders.score) == (same["response_rate"], same["score"])


def test_a_company_sees_its_projects_with_their_street_wide_rank_and_the_evaluator_no_orders(street, rounds):
    _, q2 = rounds
    mine = round_ranking(user=street.user("property"), evaluation_round=q2, with_orders=True)
    assert [(r.project.name, r.rank) for r in mine] == [("联合物业甲项目", 1), ("联合物业乙项目", 3)]
    assert round_ranking(user=street.user("community"), evaluation_round=q2, with_orders=False) == []
    seen = round_ranking(user=street.user("evaluator"), evaluation_round=q2, with_orders=False)
    assert len(seen) == 3 and all(row.orders is None for row in seen)


def test_a_scorecard_has_the_trend_the_ledger_and_the_latest_categories(street, rounds):
    orders(street)
    card = scorecard(user=street.user("property"), project_id=street.project_a.pk, with_orders=True)
    assert [(r.evaluation_round.name, r.inspection.score, r.rank, r.ranked) for r in card.rounds] == [
        ("2024年第一季度", Decimal("95.0"), 1, 1), ("2024年第二季度", Decimal("96.5"), 1, 3),
    ]  # fmt: skip
    assert (
        card.households == 400
        and card.rounds[-1].orders.received == 6
        and card.rounds[0].orders.received == 0
    )
    assert (card.ledger.items, card.ledger.closed, card.ledger.open) == (2, 1, 1)
    assert [len(r.ledger.__dict__) for r in card.rounds] and card.rounds[0].ledger.items == 0
    facilities = next(c for c in card.categories if c["code"] == "3")
    assert (facilities["max"], facilities["deducted"], facilities["score"]) == (
        Decimal("25"),
        Decimal("3.5"),
        Decimal("21.5"),
    )
    assert [item.status for item in card.open_items] == ["rectified"]


def test_the_report_section_ranks_the_latest_round_by_the_end_of_the_period(street, rounds):
    section = evaluation_section(scope=Scope(street_wide=True), start=date(2024, 6, 1), end=date(2024, 6, 30))
    assert section.title == "物业服务项目考评（2024年第二季度）"
    assert section.rows[0][:5] == [1, "联合物业甲项目", 96.5, 2, 1] and section.rows[0][5:7] == [0.5, 0.5]
    assert [row[1] for row in section.rows] == ["联合物业甲项目", "独立物业丙项目", "联合物业乙项目"]
    march = evaluation_section(scope=Scope(street_wide=True), start=date(2024, 3, 1), end=date(2024, 3, 31))
    assert march.title == "物业服务项目考评（2024年第一季度）" and march.rows[0][:3] == [
        1,
        "联合物业甲项目",
        95.0,
    ]
    company = Scope(street_wide=False, unit_ids=frozenset({street.company.pk, street.project_b.pk}))
    assert [
        row[1]
        for row in evaluation_section(scope=company, start=date(2024, 6, 1), end=date(2024, 6, 30)).rows
    ] == ["联合物业乙项目"]
    community = Scope(
        street_wide=False, community_id=street.unit_a.community_id, unit_ids=frozenset({street.unit_a.pk})
    )
    names = [
        row[1]
        for row in evaluation_section(scope=community, start=date(2024, 6, 1), end=date(2024, 6, 30)).rows
    ]
    assert names == ["联合物业甲项目", "独立物业丙项目"]
    assert (
        evaluation_section(scope=Scope(street_wide=False), start=date(2024, 6, 1), end=date(2024, 6, 30))
        is None
    )
    assert (
        evaluation_section(scope=Scope(street_wide=True), start=date(2023, 1, 1), end=date(2023, 1, 31))
        is None
    )
