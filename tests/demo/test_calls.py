"""The calls reproduce the public record and the street's stories, month by month."""

from collections import Counter
from datetime import date

import pytest

from jiesu.core.calendar import WorkCalendar
from jiesu.demo import street as st
from jiesu.demo.calls import Calls
from jiesu.demo.generator import calls_between, demo_now
from jiesu.demo.taxonomy import LEAK_KEY
from jiesu.demo.volume import DELIBERATION_START

from .conftest import UNTIL


def by_year(calls, months=range(1, 13)):
    return Counter(r.received.year for r in calls if r.received.month in months)


def test_yearly_and_january_to_september_counts_are_exact(all_calls):
    assert by_year(all_calls)[2023] == 17_134
    assert by_year(all_calls, range(1, 10))[2023] == 13_760
    assert by_year(all_calls, range(1, 10))[2024] == 10_263
    totals = by_year(all_calls)
    assert 13_500 <= totals[2024] <= 13_900
    assert totals[2025] < totals[2024]


def test_orders_continue_up_to_the_demo_now(all_calls):
    assert all_calls[-1].received.date() == UNTIL
    assert all_calls[-1].received.hour < 9


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_a_quarter_concern_property_management_and_more_than_a_quarter_community_governance(all_calls, year):
    groups = Counter(r.leaf.group for r in all_calls if r.received.year == year)
    total = sum(groups.values())
    assert 0.23 <= groups["property"] / total <= 0.27
    assert groups["community"] / total > 0.25


def test_the_deliberation_community_falls_from_at_most_46_a_month_to_single_digits(all_calls):
    monthly = Counter(
        (r.received.year, r.received.month) for r in all_calls if r.community == st.FOCUS_COMMUNITY
    )
    start = (DELIBERATION_START.year, DELIBERATION_START.month)
    before = [count for month, count in monthly.items() if month < start]
    after = [
        monthly.get(month, 0)
        for month in {(r.received.year, r.received.month) for r in all_calls}
        if month >= start
    ]
    assert max(before) == 46 and min(before) >= 30
    assert max(after) <= 9
    assert len(after) == 41  # July 2023 to November 2026


def leaks(calls, first: date, last: date):
    return [
        r
        for r in calls
        if r.leaf.key == LEAK_KEY
        and r.compound
        and r.compound.name == st.LEAK_COMPOUND
        and first <= r.received.date() <= last
    ]


def test_the_leak_compound_has_roof_leaks_in_the_2023_rainy_season_and_none_after_the_loop(all_calls):
    rainy_2023 = leaks(all_calls, date(2023, 6, 1), date(2023, 9, 30))
    assert len(rainy_2023) >= 30
    assert Counter(r.building for r in rainy_2023).most_common(1)[0][0] in st.LEAK_BUILDINGS
    assert leaks(all_calls, date(2024, 6, 1), date(2024, 9, 30)) == []
    assert leaks(all_calls, date(2023, 10, 1), UNTIL) == []
    others_2024 = [
        r
        for r in all_calls
        if r.leaf.key == LEAK_KEY and date(2024, 6, 1) <= r.received.date() <= date(2024, 9, 30)
    ]
    assert len(others_2024) > 100  # the rest of the street still leaks


def test_seasonal_topics(all_calls):
    def count(key, months):
        return sum(1 for r in all_calls if r.leaf.key == key and r.received.month in months)

    assert count("heat_cold", (6, 7, 8, 9)) == 0
    assert count("heat_cold", (12, 1)) > 10 * count("heat_cold", (4, 5, 10))
    assert count(LEAK_KEY, (6, 7, 8)) > 2 * count(LEAK_KEY, (12, 1, 2))


def test_most_orders_come_through_12345_and_routing_follows_the_place(all_calls, plan):
    channels = Counter(r.channel for r in all_calls)
    assert 0.8 < channels["12345"] / len(all_calls) < 0.9
    assert {"phone", "walk_in", "grid", "qr", "rider"} <= set(channels)
    communities = {c.name: c.unit for c in plan.communities}
    for r in all_calls[:3000]:
        if r.leaf.route == "property":
            expected = r.compound.project or communities[r.community]
            assert r.lead == expected
        if r.leaf.key == "heat_cold":
            assert r.lead == "热力公司"


def test_the_same_seed_gives_the_same_requests_and_another_seed_others(plan):
    def draw(seed):
        return [
            (r.number, r.received, r.title, r.content, r.citizen_phone, r.lead)
            for r in Calls(plan, seed, WorkCalendar()).month(2024, 7)
        ]

    assert draw(7) == draw(7)
    assert draw(7) != draw(8)


def test_a_slice_from_a_later_date_gives_the_same_orders_as_the_full_run(plan, all_calls):
    until = date(2025, 3, 31)
    sliced = calls_between(Calls(plan, 2024, WorkCalendar()), start=date(2025, 3, 10), until=until)
    full = [r for r in all_calls if date(2025, 3, 10) <= r.received.date() and r.received <= demo_now(until)]
    assert len(sliced) > 600
    assert [(r.number, r.title, r.content) for r in sliced] == [(r.number, r.title, r.content) for r in full]
