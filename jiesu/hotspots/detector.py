"""Surge detection on a stream of orders. Pure Python, no Django: the scan, the bench and the
tests all feed it the same way.

Each order is an `Event` (id, time, category key, place key). Per (place, category) key the
detector keeps the orders of the last `window_hours` and, on every arrival, compares their count
with what that key would normally get in such a window (`Baseline.expected`), using the Poisson
upper tail P(X ≥ count | expected). It raises an alert when the tail is below `p_value` and at
least `min_count` orders are in the window. Later orders of the same burst (arriving within the
window of the burst's last order) join that alert instead of raising a new one.

The expected rate is season-aware and taken from complete months before the current one only, so
a burst never raises its own baseline:
- the key's own recent months (`recent_months`),
- the key's own same season last year (the month ±`season_span`),
- the category's street-wide rate for the same two periods × the place's share of all orders
  (a street-wide summer rise of leaks lifts every compound's leak baseline),
- and a floor (`floor_per_month`) for keys with no history.
The largest of these is used: an order rise that happens every year or everywhere alerts less
than a novel one at one place.
"""

import math
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

HOURS_PER_MONTH = 730.0  # 365 × 24 / 12


@dataclass(frozen=True)
class Params:
    window_hours: float = 48.0
    min_count: int = 3
    p_value: float = 0.001
    floor_per_month: float = 0.5
    recent_months: int = 3
    season_span: int = 1  # same month ± span last year
    share_months: int = 12  # months of history behind a place's share of all orders


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    at: datetime
    category: str
    place: str


@dataclass
class Alert:
    category: str
    place: str
    raised_at: datetime
    expected: float  # orders expected in one window when raised
    p_value: float
    order_ids: list[int] = field(default_factory=list)
    times: list[datetime] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.place, self.category)

    @property
    def first_at(self) -> datetime:
        return self.times[0]

    @property
    def last_at(self) -> datetime:
        return self.times[-1]

    @property
    def count(self) -> int:
        return len(self.order_ids)


def poisson_tail(count: int, expected: float) -> float:
    """P(X ≥ count) for X ~ Poisson(expected)."""
    if count <= 0:
        return 1.0
    if expected <= 0:
        return 0.0
    if count > expected:
        return _tail_direct(count, expected)
    term = below = math.exp(-expected)
    for k in range(1, count):
        term *= expected / k
        below += term
    return max(0.0, 1.0 - below)


def _tail_direct(count: int, expected: float) -> float:
    """The tail summed upwards (precise for the small tails that matter)."""
    term = math.exp(count * math.log(expected) - expected - math.lgamma(count + 1))
    total, k = 0.0, count
    while term > total * 1e-12 and k < count + 200:
        total += term
        k += 1
        term *= expected / k
    return total


def _month_index(at: datetime) -> int:
    return at.year * 12 + at.month - 1


class Baseline:
    """Monthly counts per key, category and place, and the expected count in one window."""

    def __init__(self, params: Params):
        self.params = params
        self.key_months: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.cat_months: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.place_months: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.all_months: dict[int, int] = defaultdict(int)
        self.first_month: int | None = None
        self._cache: dict[tuple, float] = {}

    def add(self, event: Event) -> None:
        month = _month_index(event.at)
        if self.first_month is None or month < self.first_month:
            self.first_month = month
        self.key_months[(event.place, event.category)][month] += 1
        self.cat_months[event.category][month] += 1
        self.place_months[event.place][month] += 1
        self.all_months[month] += 1

    def _rates(self, counts: dict[int, int], month: int) -> tuple[float, float]:
        """(recent, same season last year) average orders per month from complete months."""
        p = self.params
        first = self.first_month if self.first_month is not None else month
        recent = [m for m in range(month - p.recent_months, month) if m >= first]
        season = [m for m in range(month - 12 - p.season_span, month - 12 + p.season_span + 1) if m >= first]
        rate_recent = sum(counts.get(m, 0) for m in recent) / len(recent) if recent else 0.0
        rate_season = sum(counts.get(m, 0) for m in season) / len(season) if season else 0.0
        return rate_recent, rate_season

    def per_month(self, place: str, category: str, at: datetime) -> float:
        """The orders per month this key would normally get in the month of `at`."""
        month = _month_index(at)
        cache_key = (place, category, month)
        cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        p = self.params
        own = max(self._rates(self.key_months.get((place, category), {}), month))
        street = max(self._rates(self.cat_months.get(category, {}), month))
        first = self.first_month if self.first_month is not None else month
        span = [m for m in range(month - p.share_months, month) if m >= first]
        total = sum(self.all_months.get(m, 0) for m in span)
        place_counts = self.place_months.get(place, {})
        share = sum(place_counts.get(m, 0) for m in span) / total if total else 0.0
        rate = max(own, street * share, p.floor_per_month)
        self._cache[cache_key] = rate
        return rate

    def expected(self, place: str, category: str, at: datetime) -> float:
        return self.per_month(place, category, at) * self.params.window_hours / HOURS_PER_MONTH


class Detector:
    """Feed events in time order with `observe`; alerts raised are returned and kept in `alerts`."""

    def __init__(self, params: Params | None = None, baseline: Baseline | None = None):
        self.params = params or Params()
        self.baseline = baseline or Baseline(self.params)
        self.window = timedelta(hours=self.params.window_hours)
        self.recent: dict[tuple[str, str], deque[Event]] = defaultdict(deque)
        self.open: dict[tuple[str, str], Alert] = {}
        self.alerts: list[Alert] = []

    def observe(self, event: Event, *, alerting: bool = True) -> Alert | None:
        """Take one order; returns the alert it raised, if any (joining an alert returns None)."""
        key = (event.place, event.category)
        window = self.recent[key]
        while window and event.at - window[0].at >= self.window:
            window.popleft()
        window.append(event)
        raised = None
        current = self.open.get(key)
        if current is not None and event.at - current.last_at < self.window:
            current.order_ids.append(event.id)
            current.times.append(event.at)
        elif alerting and len(window) >= self.params.min_count:
            expected = self.baseline.expected(event.place, event.category, event.at)
            p = poisson_tail(len(window), expected)
            if p < self.params.p_value:
                raised = Alert(
                    category=event.category,
                    place=event.place,
                    raised_at=event.at,
                    expected=expected,
                    p_value=p,
                    order_ids=[e.id for e in window],
                    times=[e.at for e in window],
                )
                self.open[key] = raised
                self.alerts.append(raised)
        self.baseline.add(event)
        return raised


def detect(
    events: Iterable[Event], params: Params | None = None, *, alert_from: datetime | None = None
) -> list[Alert]:
    """Run the detector over `events` (sorted here by time); orders before `alert_from` only
    build the baseline."""
    detector = Detector(params)
    for event in sorted(events, key=lambda e: (e.at, e.id)):
        detector.observe(event, alerting=alert_from is None or event.at >= alert_from)
    return detector.alerts
