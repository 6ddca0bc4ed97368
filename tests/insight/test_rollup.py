# ruff: noqa: B023  (the lambdas run in the iteration that makes them)
"""Summaries from real services: exact numbers, orders counted once, and equal to a raw recount."""

import random
from datetime import timedelta

import pytest

from jiesu.insight.models import DailyRollup, OrderFact
from jiesu.insight.recount import recount_mismatches
from jiesu.insight.rollup import insight_rebuild, insight_refresh
from jiesu.insight.selectors.dashboard import headline
from jiesu.insight.selectors.rates import deadline_table, rate_ranking
from jiesu.insight.selectors.scope import Period, Scope
from jiesu.workorders import services as s
from jiesu.workorders.models import Satisfaction
from tests.factories import WorkOrderFactory

pytestmark = pytest.mark.django_db
SEPTEMBER = Period.month(NOW_MONTH := __import__("datetime").date(2024, 9, 1))
STREET = Scope(street_wide=True)


def _handled(street, unit, *, visit=None, late=False, **kwargs):
    d = street["dispatcher"]
    worker = street["a_worker"] if unit == street["a"] else street["dept_staff"]
    order = WorkOrderFactory(community=unit.community, **kwargs)
    if late:
        order.response_due = order.received_at + timedelta(minutes=1)
        order.save()
    s.workorder_dispatch(order_id=order.pk, actor=d, lead_unit=unit)
    s.workorder_accept(order_id=order.pk, actor=worker)
    s.workorder_respond(order_id=order.pk, actor=worker)
    if visit:
        s.workorder_resolve(order_id=order.pk, actor=worker, result="已处理")
        resolved, satisfaction = visit
        s.workorder_return_visit(
            order_id=order.pk, actor=d, contacted=True, resolved=resolved, satisfaction=satisfaction
        )
    return order


@pytest.fixture
def september(street, frozen_now):
    """Seven orders in September 2024, driven through the services."""
    insight_rebuild()  # an empty street: the summaries start built
    d, a, dept = street["dispatcher"], street["a"], street["dept"]
    o1 = _handled(street, a, visit=(True, Satisfaction.SATISFIED))
    _handled(street, a, visit=(False, Satisfaction.BASIC))
    _handled(street, a, visit=(False, Satisfaction.UNSATISFIED), late=True)
    o7 = _handled(street, a, visit=(False, Satisfaction.UNSATISFIED))
    s.workorder_redo(order_id=o7.pk, actor=d, note="重新办理")
    dup = WorkOrderFactory(community=a.community)
    s.workorder_merge(order_id=dup.pk, master_id=o1.pk, actor=d)
    o5 = WorkOrderFactory(community=a.community)
    s.workorder_dispatch(order_id=o5.pk, actor=d, lead_unit=dept)
    s.workorder_return(order_id=o5.pk, actor=street["dept_staff"], reason="非本单位职责")
    o6 = WorkOrderFactory(community=a.community)
    s.workorder_dispatch(order_id=o6.pk, actor=d, lead_unit=dept)
    s.workorder_reassign(order_id=o6.pk, actor=d, lead_unit=a, note="属地社区办理")
    insight_refresh()
    return street


def test_the_three_rates_of_a_unit_are_exact(september):
    row = next(
        r for r in rate_ranking(scope=STREET, period=SEPTEMBER, by="unit") if r["label"].startswith("御槐园")
    )
    assert row["received"] == 5  # o1, o2, o3, o6 and o7 (redone: still one order); not the duplicate
    assert (row["response_assessed"], row["responded_on_time"], row["response_rate"]) == (4, 3, 75.0)
    # the redone order's old visit no longer counts: it waits for its new return visit
    assert (row["visited"], row["visit_resolved"], row["resolution_rate"]) == (3, 1, 33.33)
    assert row["satisfaction_rate"] == 60.0  # (1 满意 + 0.8 × 1 基本满意) / 3
    assert row["score"] == 49.5  # 0.1 × 75 + 0.45 × 33.33 + 0.45 × 60
    assert (row["redos"], row["open"]) == (1, 2)  # o7 redone and o6 reassigned are in handling


def test_a_merged_duplicate_is_a_received_request_and_a_redo_adds_none(september):
    figures = headline(scope=STREET, period=SEPTEMBER)
    assert figures["total"] == 7  # seven registered (one merged into its master is still a citizen's call)
    assert figures["merged"] == 1


def test_returns_and_reassignments_count_against_the_unit_that_gave_the_order_up(september):
    rows = {r["label"]: r for r in deadline_table(scope=STREET, period=SEPTEMBER, by="unit")}
    assert rows["城管执法队"]["returns"] == 1
    assert rows["城管执法队"]["reassignments"] == 1
    assert rows["城管执法队"]["received"] == 0  # it leads none of them now


def test_incremental_summaries_equal_a_rebuild_and_a_raw_recount(september):
    assert recount_mismatches() == {"daily": {}, "open_due": {}}
    incremental = set(
        DailyRollup.objects.values_list("day", "community_id", "lead_unit_id", "received", "visited")
    )
    insight_rebuild()
    assert set(
        DailyRollup.objects.values_list("day", "community_id", "lead_unit_id", "received", "visited")
    ) == (incremental)


def test_random_changes_keep_the_summaries_equal_to_a_raw_recount(street):
    rng = random.Random(7)
    d, units = street["dispatcher"], [street["a"], street["b"], street["dept"]]
    workers = {
        street["a"].pk: street["a_worker"],
        street["b"].pk: street["b_worker"],
        street["dept"].pk: street["dept_staff"],
    }
    insight_rebuild()
    orders = [WorkOrderFactory(community=rng.choice(units[:2]).community) for _ in range(20)]
    for step in range(120):
        order = rng.choice(orders)
        order.refresh_from_db()
        worker = workers.get(order.lead_unit_id)
        options = {
            "new": [lambda: s.workorder_dispatch(order_id=order.pk, actor=d, lead_unit=rng.choice(units))],
            "returned": [
                lambda: s.workorder_dispatch(order_id=order.pk, actor=d, lead_unit=rng.choice(units))
            ],
            "dispatched": [
                lambda: s.workorder_accept(order_id=order.pk, actor=worker),
                lambda: s.workorder_return(order_id=order.pk, actor=worker, reason="不是我们的"),
            ],
            "accepted": [
                lambda: s.workorder_respond(order_id=order.pk, actor=worker),
                lambda: s.workorder_resolve(order_id=order.pk, actor=worker, result="好了"),
            ],
            "resolved": [
                lambda: s.workorder_return_visit(
                    order_id=order.pk,
                    actor=d,
                    contacted=True,
                    resolved=rng.random() < 0.7,
                    satisfaction=rng.choice(Satisfaction.values),
                )
            ],
            "visited": [lambda: s.workorder_close(order_id=order.pk, actor=d)],
        }.get(order.status, [])
        if order.status == "visited" and order.visit_satisfaction == Satisfaction.UNSATISFIED:
            options = [lambda: s.workorder_redo(order_id=order.pk, actor=d, note="重办")]
        if order.status in {"new", "dispatched"} and rng.random() < 0.05:
            master = rng.choice([o for o in orders if o.pk != order.pk])
            master.refresh_from_db()
            if master.status not in ("merged", "closed"):
                options = [lambda m=master: s.workorder_merge(order_id=order.pk, master_id=m.pk, actor=d)]
        if options:
            try:
                rng.choice(options)()
            except Exception as error:  # a respond twice and the like: the service says no
                assert "已" in str(error) or "不能" in str(error) or "无权" in str(error)
        if step % 17 == 0:
            insight_refresh()
    insight_refresh()
    assert recount_mismatches() == {"daily": {}, "open_due": {}}
    assert OrderFact.objects.count() == len(orders)


def test_orders_loaded_without_events_are_taken_in_by_their_id(street, frozen_now):
    insight_rebuild()
    last_year = NOW_MONTH.replace(year=2023)
    for _ in range(4):
        WorkOrderFactory(received_at=NOW.replace(year=2023), community=street["a"].community)
    for _ in range(3):
        WorkOrderFactory(received_at=NOW, community=street["a"].community)
    insight_refresh()
    figures = headline(scope=STREET, period=SEPTEMBER)
    assert (figures["total"], figures["previous_year"], figures["yoy_pct"]) == (3, 4, -25.0)
    assert headline(scope=STREET, period=Period.month(last_year))["total"] == 4


from tests.insight.conftest import NOW  # noqa: E402
