"""Who sees which alerts, and recurring points on hand-built histories."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from jiesu.hotspots.models import Alert
from jiesu.hotspots.selectors import alert_scope, map_data, recurring_points
from jiesu.hotspots.services import hotspot_scan
from tests.factories import DispatcherFactory, UserFactory
from tests.hotspots.conftest import NOW, burst, make_order

TZ = timezone.get_fixed_timezone(480)


def test_alerts_are_scoped_by_role(street):
    burst(street, "a")
    burst(street, "b", lead_unit=street["company"])
    hotspot_scan(now=NOW)
    alert_a = Alert.objects.get(compound=street["a"])
    alert_b = Alert.objects.get(compound=street["b"])

    assert set(alert_scope(user=DispatcherFactory())) == {alert_a, alert_b}
    assert set(alert_scope(user=UserFactory(role="leader"))) == {alert_a, alert_b}
    assert set(alert_scope(user=street["community_user_a"])) == {alert_a}
    assert set(alert_scope(user=street["community_user_b"])) == {alert_b}
    assert set(alert_scope(user=street["company_user"])) == {alert_b}  # it leads those orders
    assert set(alert_scope(user=UserFactory(role="department", unit=None))) == set()


def _monthly(street, months: list[tuple[int, int]], **extra):
    for year, month in months:
        make_order(street, "a", datetime(year, month, 10, 10, tzinfo=TZ), **extra)


def test_a_problem_back_in_four_months_is_a_recurring_point_with_its_history(street):
    _monthly(street, [(2025, 1), (2025, 3), (2025, 4), (2025, 6)], building=street["building_a"])
    _monthly(street, [(2025, 2), (2025, 5), (2025, 6)])  # the compound without a building: three months

    points = recurring_points(user=DispatcherFactory(), today=date(2025, 7, 1))

    assert len(points) == 1
    point = points[0]
    assert point.building == street["building_a"] and point.category == street["leak"]
    history = dict(point.history(date(2025, 7, 1)))
    assert (history["2025-01"], history["2025-02"], history["2025-03"], history["2025-06"]) == (1, 0, 1, 1)


def test_the_same_season_two_years_running_is_a_recurring_point(street):
    _monthly(street, [(2024, 7), (2024, 7), (2025, 7), (2025, 8)])  # two orders each summer, twice
    _monthly(street, [(2024, 1), (2025, 1)], building=street["building_a"])  # one a winter: not enough

    points = recurring_points(user=DispatcherFactory(), today=date(2025, 8, 1))

    assert [(p.compound, p.recurring_seasons) for p in points] == [(street["a"], ["夏"])]
    assert points[0].next_season.startswith("夏季")


def test_recurring_points_only_count_orders_the_user_sees(street):
    _monthly(street, [(2025, 1), (2025, 3), (2025, 5), (2025, 6)])

    assert recurring_points(user=street["community_user_b"], today=date(2025, 7, 1)) == []
    assert len(recurring_points(user=street["community_user_a"], today=date(2025, 7, 1))) == 1


def test_map_data_is_scoped(street):
    now = timezone.now()
    burst(street, "a", start=now - timedelta(hours=10))
    hotspot_scan(now=now)

    everything = map_data(user=DispatcherFactory())
    mine = map_data(user=street["community_user_b"])

    by_name = {c["name"]: c for c in everything["compounds"]}
    assert by_name["阳光星苑"]["orders"] == 4 and len(by_name["阳光星苑"]["alerts"]) == 1
    assert [c["name"] for c in mine["compounds"]] == ["芳林园"]
    assert mine["compounds"][0]["alerts"] == []


def test_recurring_points_of_one_compound_are_those_of_all_at_it(street):
    _monthly(street, [(2025, 1), (2025, 3), (2025, 4), (2025, 6)], building=street["building_a"])
    for year, month in [(2025, 1), (2025, 2), (2025, 4), (2025, 5)]:
        make_order(street, "b", datetime(year, month, 10, 10, tzinfo=TZ))
    user, today = DispatcherFactory(), date(2025, 7, 1)
    everywhere = recurring_points(user=user, today=today)
    assert {p.compound for p in everywhere} == {street["a"], street["b"]}
    for compound in (street["a"], street["b"]):
        only = recurring_points(user=user, today=today, compound=compound.pk)
        assert [(p.compound, p.building, p.months) for p in only] == [
            (p.compound, p.building, p.months) for p in everywhere if p.compound == compound
        ]
