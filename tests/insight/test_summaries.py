"""Monthly and street-level summaries: partial months exact to the day, derived tables consistent,
and the dashboard's query count independent of how many communities, units and months there are."""

from datetime import date, timedelta

import pytest

from jiesu.core.extensions import report_sections
from jiesu.insight.recount import derived_mismatches
from jiesu.insight.rollup import insight_rebuild, insight_refresh
from jiesu.insight.selectors.dashboard import headline
from jiesu.insight.selectors.figures import share
from jiesu.insight.selectors.scope import Period, Scope
from tests.factories import CommunityUnitFactory, WorkOrderFactory
from tests.insight.conftest import NOW
from tests.insight.test_rollup import september  # noqa: F401  (the same hand-built month)

pytestmark = pytest.mark.django_db
STREET = Scope(street_wide=True)
# session, user, freshness 3, slices, rollup rows 3 (period, last year, before), weights, category tree,
# names 3, events, open-due, picker 2, seasonal rules: a constant, whatever the number of communities,
# units or months. Other apps' report sections are left out here: each pins its own section's queries.
DASHBOARD_MAX_QUERIES = 19


def test_a_period_that_cuts_months_counts_only_its_days(street, frozen_now):
    insight_rebuild()
    community = street["a"].community
    for days_ago in (0, 0, 3, 20, 40):  # 09-30, 09-30, 09-27, 09-10, 08-21
        WorkOrderFactory(community=community, received_at=NOW - timedelta(days=days_ago))
    insight_refresh()

    def total(start, end):
        return headline(scope=STREET, period=Period(start, end))["total"]

    assert total(date(2024, 9, 27), date(2024, 9, 30)) == 3
    assert total(date(2024, 8, 21), date(2024, 9, 10)) == 2  # a partial month at each end
    assert total(date(2024, 8, 22), date(2024, 9, 9)) == 0
    assert total(date(2024, 8, 1), date(2024, 9, 30)) == 5  # whole months


def test_derived_summaries_agree_after_changes_and_after_a_rebuild(september):  # noqa: F811
    assert not any(derived_mismatches().values())
    insight_rebuild()
    assert not any(derived_mismatches().values())


def test_street_wide_shares_equal_the_sum_of_the_communities(september):  # noqa: F811
    street = share(scope=STREET, period=Period.month(date(2024, 9, 1)), dim="category", level=2)
    picked = share(
        scope=Scope(street_wide=True, pick_community=september["a"].community_id),
        period=Period.month(date(2024, 9, 1)),
        dim="category",
        level=2,
    )
    assert [(r["label"], r["count"]) for r in street] == [(r["label"], r["count"]) for r in picked]


def test_the_dashboard_query_count_does_not_grow_with_communities(
    september,  # noqa: F811
    client,
    django_assert_max_num_queries,
):
    for _ in range(4):  # more communities, units and months of orders
        unit = CommunityUnitFactory()
        for months in range(0, 12, 3):
            WorkOrderFactory(community=unit.community, received_at=NOW - timedelta(days=30 * months))
    insight_refresh()
    client.force_login(september["leader"])
    with report_sections.only():
        for params in ({"start": "2023-10"}, {"start": "2024-09", "end": "2024-09"}):
            client.get("/insight/", params)  # the lazy refresh and the session settle first
            with django_assert_max_num_queries(DASHBOARD_MAX_QUERIES):
                assert client.get("/insight/", params).status_code == 200
