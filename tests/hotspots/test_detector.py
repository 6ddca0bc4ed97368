"""The pure detector on literal streams."""

from datetime import UTC, datetime, timedelta

from jiesu.hotspots.detector import Baseline, Detector, Event, Params, detect, poisson_tail

T0 = datetime(2024, 7, 10, 9, 0, tzinfo=UTC)


def steady(place: str, category: str, start: datetime, days: int, every_days: float, first_id: int = 1):
    """One order every `every_days` days at one key."""
    count = int(days / every_days)
    return [
        Event(first_id + i, start + timedelta(days=i * every_days), category, place) for i in range(count)
    ]


def test_poisson_tail_matches_the_textbook_values():
    assert poisson_tail(0, 1.0) == 1.0
    assert abs(poisson_tail(1, 0.5) - 0.393469) < 1e-6
    assert abs(poisson_tail(3, 0.066) - 4.5606e-05) < 1e-8


def test_a_burst_at_a_quiet_compound_alerts_at_its_third_order():
    history = steady("阳光星苑", "leak", T0 - timedelta(days=400), 390, 60)
    burst = [Event(900 + i, T0 + timedelta(hours=3 * i), "leak", "阳光星苑") for i in range(5)]

    alerts = detect(history + burst, alert_from=T0 - timedelta(days=1))

    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.raised_at == T0 + timedelta(hours=6)  # the third order
    assert alert.order_ids == [900, 901, 902, 903, 904]  # later orders join the same alert
    assert alert.count == 5


def test_steady_traffic_is_not_alerted():
    # a busy key: a little over one order a day for two years, at an even pace
    events = steady("大院", "parking", T0 - timedelta(days=730), 730, 0.8)

    # the first year only builds the baseline (the scan reads 15 months of history)
    assert detect(events, alert_from=T0 - timedelta(days=365)) == []


def test_an_every_summer_rise_alerts_less_than_a_novel_one():
    """Season-aware baseline: a key that gets leaks every July expects more of them this July."""
    last_july = T0 - timedelta(days=365)
    seasonal = steady("老楼", "leak", last_july - timedelta(days=15), 45, 1.5)  # last summer's rise
    quiet = steady("新楼", "leak", last_july - timedelta(days=15), 45, 40, first_id=500)
    baseline = Baseline(Params())
    for event in sorted(seasonal + quiet, key=lambda e: e.at):
        baseline.add(event)

    assert baseline.expected("老楼", "leak", T0) > 5 * baseline.expected("新楼", "leak", T0)
    burst = [
        Event(900 + i, T0 + timedelta(hours=2 * i), "leak", place)
        for place in ("老楼", "新楼")
        for i in range(4)
    ]
    detector = Detector(Params(), baseline)
    for event in sorted(burst, key=lambda e: (e.at, e.place)):
        detector.observe(event)

    assert [a.place for a in detector.alerts] == ["新楼"]


def test_a_street_wide_rise_lifts_every_place_baseline():
    """When a category rises everywhere each summer, one compound's share of it is expected."""
    events = []
    for n, place in enumerate(f"小区{i}" for i in range(10)):
        events += steady(place, "leak", T0 - timedelta(days=380), 30, 6, first_id=1000 * n + 1)
        events += steady(place, "other", T0 - timedelta(days=380), 380, 10, first_id=1000 * n + 500)
    baseline = Baseline(Params(floor_per_month=0.0))
    for event in sorted(events, key=lambda e: e.at):
        baseline.add(event)

    assert baseline.expected("小区0", "leak", T0) > 0
    assert baseline.expected("小区0", "leak", T0 - timedelta(days=120)) < baseline.expected(
        "小区0", "leak", T0
    )


def test_two_bursts_far_apart_raise_two_alerts_and_one_burst_one():
    first = [Event(i, T0 + timedelta(hours=i), "noise", "星苑") for i in range(1, 5)]
    second = [Event(10 + i, T0 + timedelta(days=10, hours=i), "noise", "星苑") for i in range(1, 5)]

    alerts = detect(first + second)

    assert [a.order_ids for a in alerts] == [[1, 2, 3, 4], [11, 12, 13, 14]]


def test_orders_before_alert_from_only_build_the_baseline():
    burst = [Event(i, T0 + timedelta(hours=i), "noise", "星苑") for i in range(1, 5)]

    assert detect(burst, alert_from=T0 + timedelta(days=1)) == []
