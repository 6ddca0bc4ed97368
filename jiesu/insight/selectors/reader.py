"""One scope's reads of the summaries, each done once per request.

A dashboard asks for the same figures in many sections (totals, trend, heat table, three
rankings, deadlines); a `Reader` fetches each period's rollup rows and the month slices once and
the sections group them in Python. Whole months come from `MonthlyRollup` (one row per month ×
community × unit) and only the days of a partial month from `DailyRollup`; a street-wide page
with no picker reads `StreetSlice` instead of summing every community's slices.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth

from jiesu.insight.models import MEASURES, DailyRollup, MonthlyRollup, MonthlySlice, StreetSlice
from jiesu.insight.selectors.names import labels_for
from jiesu.insight.selectors.scope import Period, Scope

KEYS = ("month", "community_id", "lead_unit_id")  # a rollup row: (*KEYS, *MEASURES)


class Reader:
    def __init__(self, scope: Scope):
        self.scope = scope
        self._rows: dict[Period, list[tuple]] = {}
        self._slices: tuple[date, date, dict[str, list[tuple]]] | None = None
        self._labels: dict[str, dict[str, str]] = defaultdict(dict)
        self._asked: dict[str, set[str]] = defaultdict(set)
        self._once: dict = {}

    def rows(self, period: Period) -> list[tuple]:
        """(month, community_id, lead_unit_id, *MEASURES) of the period, exact to the day."""
        if period not in self._rows:
            self._rows[period] = period_rows(self.scope, period)
        return self._rows[period]

    def grouped(self, period: Period, column: int | None) -> dict[object, dict[str, int]]:
        """The period's measures summed by one key column (0 month, 1 community, 2 unit; None: total)."""
        key = ("grouped", period, column)
        if key not in self._once:
            self._once[key] = group(self.rows(period), column)
        return self._once[key]

    def totals(self, period: Period) -> dict[str, int]:
        return self.grouped(period, None).get(None, dict.fromkeys(MEASURES, 0))

    def slices(self, first: date, last: date, dim: str) -> list[tuple]:
        """(value, month, received) of one dimension for the months first..last."""
        if self._slices is None or not (self._slices[0] <= first and last <= self._slices[1]):
            self._slices = (first, last, slice_rows(self.scope, first, last))
        return [row for row in self._slices[2].get(dim, ()) if first <= row[1] <= last]

    def labels(self, dim: str, keys: Iterable[str]) -> dict[str, str]:
        missing = {key for key in keys if key} - self._asked[dim]
        if missing:
            self._labels[dim].update(labels_for(dim, missing))
            self._asked[dim] |= missing
        return self._labels[dim]

    def once(self, key, compute: Callable):
        if key not in self._once:
            self._once[key] = compute()
        return self._once[key]


def period_rows(scope: Scope, period: Period) -> list[tuple]:
    whole, days = _split(period)
    rows: list[tuple] = []
    if whole:
        rows += MonthlyRollup.objects.filter(
            scope.q(), month__gte=whole[0], month__lte=whole[-1]
        ).values_list(*KEYS, *MEASURES)
    if days:
        window = Q()
        for start, end in days:
            window |= Q(day__gte=start, day__lte=end)
        partial = (
            DailyRollup.objects.filter(scope.q())
            .filter(window)
            .annotate(month=TruncMonth("day"))
            .values_list(*KEYS)
            .annotate(**{f"sum_{name}": Sum(name) for name in MEASURES})
        )
        rows += [(_as_date(row[0]), *row[1:]) for row in partial]
    return rows


def _split(period: Period) -> tuple[list[date], list[tuple[date, date]]]:
    """The period's whole months, and the day ranges of the months it covers only in part."""
    whole, days = [], []
    for first in period.months():
        month = Period.month(first)
        start, end = max(first, period.start), min(month.end, period.end)
        if (start, end) == (month.start, month.end):
            whole.append(first)
        else:
            days.append((start, end))
    return whole, days


def slice_rows(scope: Scope, first: date, last: date) -> dict[str, list[tuple]]:
    if scope.street_wide and not scope.pick_community and not scope.pick_unit:
        rows = StreetSlice.objects.filter(month__gte=first, month__lte=last).values_list(
            "dim", "value", "month", "received"
        )
    else:
        rows = (
            MonthlySlice.objects.filter(scope.q(), month__gte=first, month__lte=last)
            .values_list("dim", "value", "month")
            .annotate(n=Sum("received"))
        )
    by_dim: dict[str, list[tuple]] = defaultdict(list)
    for dim, value, month, n in rows:
        if n:
            by_dim[dim].append((value, month, n))
    return by_dim


def group(rows: Iterable[tuple], column: int | tuple[int, ...] | None) -> dict[object, dict[str, int]]:
    """Sum the measures of rollup rows by one key column, several (a tuple of columns) or none."""
    buckets: dict[object, list[tuple]] = defaultdict(list)
    for row in rows:
        if column is None:
            key = None
        elif isinstance(column, tuple):
            key = tuple(row[i] for i in column)
        else:
            key = row[column]
        buckets[key].append(row)
    return {
        key: {
            name: sum(values)
            for name, values in zip(MEASURES, list(zip(*members, strict=True))[3:], strict=True)
        }
        for key, members in buckets.items()
    }


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value
