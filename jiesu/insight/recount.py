"""A raw recount of the daily rollup straight from work orders, written independently of facts.py.

Used by the tests and bench/insight_scale.py to prove the summaries equal the raw data. Slow by
design (it scans every order); never called by a page.
"""

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from jiesu.insight.models import MEASURES, DailyRollup, MonthlyRollup, MonthlySlice, OpenDue, StreetSlice
from jiesu.workorders.models import EventKind, Satisfaction, WorkOrder
from jiesu.workorders.states import IN_HANDLING, Status


def raw_daily() -> dict[tuple, tuple]:
    tz = timezone.get_current_timezone()
    counted = ~Q(status=Status.MERGED)
    visited = counted & Q(visited_at__isnull=False) & ~Q(visit_satisfaction="")
    assessed = counted & (
        Q(responded_at__isnull=False) | Q(status__in=[Status.RESOLVED, Status.VISITED, Status.CLOSED])
    )
    on_time = (
        assessed
        & Q(responded_at__isnull=False)
        & (Q(response_due__isnull=True) | Q(responded_at__lte=F("response_due")))
    )
    resolved = counted & Q(resolved_at__isnull=False)
    aggregates = {
        "received": Count("id"),
        "merged": Count("id", filter=Q(status=Status.MERGED)),
        "response_assessed": Count("id", filter=assessed),
        "responded_on_time": Count("id", filter=on_time),
        "resolved": Count("id", filter=resolved),
        "resolved_on_time": Count(
            "id", filter=resolved & (Q(resolve_due__isnull=True) | Q(resolved_at__lte=F("resolve_due")))
        ),
        "visited": Count("id", filter=visited),
        "visit_resolved": Count("id", filter=visited & Q(visit_resolved=True)),
        "satisfied": Count("id", filter=visited & Q(visit_satisfaction=Satisfaction.SATISFIED)),
        "basic": Count("id", filter=visited & Q(visit_satisfaction=Satisfaction.BASIC)),
        "unsatisfied": Count("id", filter=visited & Q(visit_satisfaction=Satisfaction.UNSATISFIED)),
        "open": Count("id", filter=counted & Q(status__in=IN_HANDLING)),
    }
    rows = (
        WorkOrder.objects.annotate(d=TruncDate("received_at", tzinfo=tz))
        .values("d", "community_id", "lead_unit_id")
        .annotate(**aggregates)
    )
    result = {}
    for row in rows:
        key = (row["d"], row["community_id"], row["lead_unit_id"])
        result[key] = tuple(row.get(name, 0) for name in MEASURES if name in aggregates)
    _add_event_counts(result, tz)
    return {key: value for key, value in result.items() if any(value)}


def _add_event_counts(result: dict, tz) -> None:
    """extensions and redos are per order: added as sums over the same keys."""
    names = [name for name in MEASURES if name not in ("extensions", "redos")]
    ext = (
        WorkOrder.objects.exclude(status=Status.MERGED)
        .annotate(d=TruncDate("received_at", tzinfo=tz))
        .values("d", "community_id", "lead_unit_id")
        .annotate(e=Count("events", filter=Q(events__kind=EventKind.EXTENSION_APPROVED)))
    )
    redo = (
        WorkOrder.objects.exclude(status=Status.MERGED)
        .annotate(d=TruncDate("received_at", tzinfo=tz))
        .values("d", "community_id", "lead_unit_id")
        .annotate(r=Sum("redo_count"))
    )
    extra: dict[tuple, list[int]] = {}
    for row in ext:
        extra.setdefault((row["d"], row["community_id"], row["lead_unit_id"]), [0, 0])[0] = row["e"]
    for row in redo:
        extra.setdefault((row["d"], row["community_id"], row["lead_unit_id"]), [0, 0])[1] = row["r"] or 0
    for key in set(result) | set(extra):
        base = dict(zip(names, result.get(key, (0,) * len(names)), strict=True))
        base["extensions"], base["redos"] = extra.get(key, [0, 0])
        result[key] = tuple(base[name] for name in MEASURES)


def rollup_daily() -> dict[tuple, tuple]:
    rows = DailyRollup.objects.values_list("day", "community_id", "lead_unit_id", *MEASURES)
    return {tuple(row[:3]): tuple(row[3:]) for row in rows if any(row[3:])}


def raw_open_due() -> dict[tuple, int]:
    tz = timezone.get_current_timezone()
    rows = (
        WorkOrder.objects.filter(status__in=IN_HANDLING, resolve_due__isnull=False)
        .annotate(d=TruncDate("resolve_due", tzinfo=tz))
        .values_list("d", "community_id", "lead_unit_id")
        .annotate(n=Count("id"))
    )
    return {tuple(row[:3]): row[3] for row in rows}


def rollup_open_due() -> dict[tuple, int]:
    rows = OpenDue.objects.values_list("due_day", "community_id", "lead_unit_id", "count")
    return {tuple(row[:3]): row[3] for row in rows if row[3]}


def recount_mismatches() -> dict:
    """Buckets where the summaries and the raw recount differ (empty dicts: consistent)."""
    raw, rolled = raw_daily(), rollup_daily()
    daily = {k: (raw.get(k), rolled.get(k)) for k in set(raw) | set(rolled) if raw.get(k) != rolled.get(k)}
    raw_due, rolled_due = raw_open_due(), rollup_open_due()
    due = {
        k: (raw_due.get(k), rolled_due.get(k))
        for k in set(raw_due) | set(rolled_due)
        if raw_due.get(k) != rolled_due.get(k)
    }
    return {"daily": daily, "open_due": due}


def derived_mismatches() -> dict:
    """The summaries derived from others agree: MonthlyRollup = DailyRollup by month; every dimension of
    MonthlySlice sums to MonthlyRollup; StreetSlice = MonthlySlice over communities and units."""
    monthly = {
        tuple(row[:3]): tuple(row[3:])
        for row in MonthlyRollup.objects.values_list("month", "community_id", "lead_unit_id", *MEASURES)
        if any(row[3:])
    }
    from_daily: dict[tuple, list[int]] = {}
    for row in DailyRollup.objects.values_list("day", "community_id", "lead_unit_id", *MEASURES):
        _add(from_daily, (row[0].replace(day=1), row[1], row[2]), row[3:])
    sums = {name: Sum(name) for name in MEASURES}
    by_dim: dict[str, dict[tuple, list[int]]] = {dim: {} for dim in MonthlySlice.Dim.values}
    by_street: dict[tuple, list[int]] = {}
    slices = MonthlySlice.objects.values_list("dim", "month", "community_id", "lead_unit_id", "value")
    for dim, month, community, unit, value, *vector in slices.annotate(**sums):
        _add(by_dim[dim], (month, community, unit), vector)
        _add(by_street, (month, dim, value), vector)
    street = {
        tuple(row[:3]): tuple(row[3:])
        for row in StreetSlice.objects.values_list("month", "dim", "value", *MEASURES)
        if any(row[3:])
    }
    result = {"monthly": _diff(_nonzero(from_daily), monthly)}
    for dim, rows in by_dim.items():
        result[f"slice_{dim}"] = _diff(_nonzero(rows), monthly)
    result["street_slice"] = _diff(_nonzero(by_street), street)
    return result


def _add(target: dict, key: tuple, vector) -> None:
    current = target.setdefault(key, [0] * len(MEASURES))
    for i, value in enumerate(vector):
        current[i] += value or 0


def _nonzero(rows: dict) -> dict:
    return {key: tuple(vector) for key, vector in rows.items() if any(vector)}


def _diff(expected: dict, actual: dict) -> dict:
    return {
        k: (expected.get(k), actual.get(k))
        for k in set(expected) | set(actual)
        if expected.get(k) != actual.get(k)
    }
