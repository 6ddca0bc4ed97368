"""Keeping the summary tables current. Read-only towards orders: it never changes one.

`insight_refresh` takes in the events and orders above the stored high-water mark, recomputes the
facts of the affected orders from their raw rows, and adds (new − old) to each rollup bucket the
order was or is in, all in one transaction. Recomputing a fact is idempotent, so events re-read
in the overlap window (late commits) do no harm. `insight_rebuild` builds everything from scratch.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from jiesu.core.background import job_start
from jiesu.core.bulk import instances_insert
from jiesu.core.models import Job
from jiesu.insight.facts import fact_vector, facts_compute
from jiesu.insight.models import (
    MEASURES,
    DailyRollup,
    EventRollup,
    MonthlyRollup,
    MonthlySlice,
    OpenDue,
    OrderFact,
    RollupState,
    StreetSlice,
)
from jiesu.workorders.models import EventKind, WorkOrder, WorkOrderEvent

OVERLAP = timedelta(minutes=2)  # events committed late (lower id than the mark) are re-read
REBUILD_ABOVE = 30000  # a backlog this large (a fresh demo, a bulk import) is rebuilt in full
ON_REQUEST_LIMIT = 5000  # a request applies a backlog up to this itself; a larger one goes to the background
REBUILD_JOB = "insight_rebuild"
EVENT_KINDS = (EventKind.RETURNED, EventKind.REASSIGNED)
SLICE_DIMS = (
    ("category", "category_id"),
    ("channel", "channel"),
    ("appeal_type", "appeal_type"),
    ("compound", "compound_id"),
)


@dataclass
class RefreshResult:
    mode: str  # "none" | "incremental" | "rebuild"
    orders: int = 0


def _state(*, lock: bool, skip_locked: bool = False) -> RollupState | None:
    RollupState.objects.get_or_create(pk=1)
    rows = RollupState.objects.filter(pk=1)
    if lock and connection.features.has_select_for_update:
        rows = rows.select_for_update(skip_locked=skip_locked)
    return rows.first()


def _marks() -> tuple[int, int]:
    return (
        WorkOrderEvent.objects.aggregate(top=Max("id"))["top"] or 0,
        WorkOrder.objects.aggregate(top=Max("id"))["top"] or 0,
    )


def insight_is_behind() -> bool:
    state = RollupState.objects.filter(pk=1).first()
    if state is None or state.built_at is None:
        return True
    event_top, order_top = _marks()
    return event_top > state.event_id or order_top > state.order_id


def insight_refresh(*, overlap: bool = True, wait: bool = True) -> RefreshResult:
    """Bring the summaries up to date. `wait=False` returns at once if another refresh runs."""
    with transaction.atomic():
        state = _state(lock=True, skip_locked=not wait)
        if state is None:
            return RefreshResult("none")
        started = timezone.now()
        event_top, order_top = _marks()
        if (
            state.built_at is None
            or (event_top - state.event_id) + (order_top - state.order_id) > REBUILD_ABOVE
        ):
            return _rebuild(state, started, event_top, order_top)
        news = Q(id__gt=state.event_id, id__lte=event_top)
        if overlap and state.refreshed_at:
            news |= Q(at__gte=state.refreshed_at - OVERLAP, id__lte=event_top)
        order_ids = set(WorkOrderEvent.objects.filter(news).values_list("order_id", flat=True))
        order_ids |= set(
            WorkOrder.objects.filter(id__gt=state.order_id, id__lte=order_top).values_list("id", flat=True)
        )
        _apply_orders(order_ids)
        state.event_id, state.order_id, state.refreshed_at = event_top, order_top, started
        state.save()
    return RefreshResult("incremental" if order_ids else "none", len(order_ids))


def insight_rebuild() -> RefreshResult:
    with transaction.atomic():
        state = _state(lock=True)
        event_top, order_top = _marks()
        return _rebuild(state, timezone.now(), event_top, order_top)


def insight_backlog() -> int | None:
    """How many events and orders the summaries have not read yet (None: never built)."""
    state = RollupState.objects.filter(pk=1).first()
    if state is None or state.built_at is None:
        return None
    event_top, order_top = _marks()
    return max(0, event_top - state.event_id) + max(0, order_top - state.order_id)


def insight_ensure_fresh() -> bool:
    """Called at the start of a dashboard or stats request, bounded: a small backlog is applied here
    (never waiting on another refresh); a large one (a bulk import, a fresh database) is rebuilt in
    the background, one job at a time, and the page shows the figures as last built. True when the
    figures are current."""
    backlog = insight_backlog()
    if backlog == 0:
        return True
    if backlog is not None and backlog <= ON_REQUEST_LIMIT:
        insight_refresh(overlap=False, wait=False)
        return True
    if not Job.objects.filter(kind=REBUILD_JOB, status__in=(Job.Status.QUEUED, Job.Status.RUNNING)).exists():
        job_start(kind=REBUILD_JOB, function="jiesu.insight.rollup.insight_rebuild_job", label="重建统计汇总")
    return False


def insight_rebuild_job(*, job) -> dict:
    result = insight_rebuild()
    return {"mode": result.mode, "orders": result.orders}


# --- keys ------------------------------------------------------------------------------------


@dataclass
class Deltas:
    """(new − old) per bucket of each summary, keyed like the summary's rows."""

    daily: dict
    monthly: dict
    slices: dict
    street: dict
    due: dict

    @classmethod
    def empty(cls) -> "Deltas":
        return cls({}, {}, {}, {}, {})


def _keys(fact: OrderFact):
    values = [(dim, _text(getattr(fact, field))) for dim, field in SLICE_DIMS]
    return (
        (fact.day, fact.community_id, fact.lead_unit_id),
        (fact.month, fact.community_id, fact.lead_unit_id),
        [(fact.month, fact.community_id, fact.lead_unit_id, dim, value) for dim, value in values],
        [(fact.month, dim, value) for dim, value in values],
        (fact.open_due_day, fact.community_id, fact.lead_unit_id) if fact.open_due_day else None,
    )


def _text(value) -> str:
    return "" if value is None else str(value)


def _add(target: dict, key, vector: list[int], sign: int) -> None:
    current = target.get(key)
    if current is None:
        current = target[key] = [0] * len(vector)
    for i, value in enumerate(vector):
        current[i] += sign * value


def _accumulate(facts, sign: int, deltas: Deltas) -> None:
    for fact in facts:
        vector = fact_vector(fact)
        day_key, month_key, slice_keys, street_keys, due_key = _keys(fact)
        _add(deltas.daily, day_key, vector, sign)
        _add(deltas.monthly, month_key, vector, sign)
        for key in slice_keys:
            _add(deltas.slices, key, vector, sign)
        for key in street_keys:
            _add(deltas.street, key, vector, sign)
        if due_key:
            _add(deltas.due, due_key, [1], sign)


# --- incremental -----------------------------------------------------------------------------


def _apply_orders(order_ids: set[int]) -> None:
    if not order_ids:
        return
    deltas = Deltas.empty()
    old = list(OrderFact.objects.filter(order_id__in=order_ids))
    _accumulate(old, -1, deltas)
    new = [fact for chunk in facts_compute(order_ids=order_ids) for fact in chunk]
    _accumulate(new, +1, deltas)
    OrderFact.objects.filter(order_id__in=order_ids).delete()
    OrderFact.objects.bulk_create(new, batch_size=2000)
    _merge(DailyRollup, ("day", "community_id", "lead_unit_id"), MEASURES, deltas.daily)
    _merge(MonthlyRollup, ("month", "community_id", "lead_unit_id"), MEASURES, deltas.monthly)
    _merge(MonthlySlice, ("month", "community_id", "lead_unit_id", "dim", "value"), MEASURES, deltas.slices)
    _merge(StreetSlice, ("month", "dim", "value"), MEASURES, deltas.street)
    _merge(OpenDue, ("due_day", "community_id", "lead_unit_id"), ("count",), deltas.due)
    days = set(
        _local_days(
            WorkOrderEvent.objects.filter(order_id__in=order_ids, kind__in=EVENT_KINDS).values_list(
                "at", flat=True
            )
        )
    )
    _event_days_recount(days)


def _merge(model, key_fields, measures, deltas: dict) -> None:
    deltas = {key: vector for key, vector in deltas.items() if any(vector)}
    if not deltas:
        return
    existing = {
        tuple(getattr(row, f) for f in key_fields): row
        for row in model.objects.filter(_covering(key_fields, deltas))
    }
    changed, created, empty = [], [], []
    for key, vector in deltas.items():
        row = existing.get(key)
        if row is None:
            created.append(
                model(**dict(zip(key_fields, key, strict=True)), **dict(zip(measures, vector, strict=True)))
            )
            continue
        for name, value in zip(measures, vector, strict=True):
            setattr(row, name, getattr(row, name) + value)
        (empty if not any(getattr(row, name) for name in measures) else changed).append(row)
    model.objects.bulk_update(changed, list(measures), batch_size=1000)
    model.objects.bulk_create(created, batch_size=1000)
    model.objects.filter(pk__in=[row.pk for row in empty]).delete()


def _covering(key_fields, keys) -> Q:
    """Rows whose every key field takes a value some key has: a small superset of the keys' rows."""
    q = Q()
    for i, name in enumerate(key_fields[:3]):
        values = {key[i] for key in keys}
        present = Q(**{f"{name}__in": values - {None}})
        q &= (present | Q(**{f"{name}__isnull": True})) if None in values else present
    return q


def _local_days(moments) -> list[date]:
    tz = timezone.get_current_timezone()
    return [moment.astimezone(tz).date() for moment in moments]


def _event_days_recount(days: set[date] | None) -> None:
    """Recount 退单/改派 for whole days from the raw events (None: every day)."""
    tz = timezone.get_current_timezone()
    events = WorkOrderEvent.objects.filter(kind__in=EVENT_KINDS)
    if days is not None:
        if not days:
            return
        window = Q()
        for day in days:
            start = datetime.combine(day, time.min, tzinfo=tz)
            window |= Q(at__gte=start, at__lt=start + timedelta(days=1))
        events = events.filter(window)
        EventRollup.objects.filter(day__in=days).delete()
    else:
        EventRollup.objects.all().delete()
    counts: dict[tuple, int] = defaultdict(int)
    for at, kind, old, community_id in events.values_list("at", "kind", "old", "order__community_id"):
        unit = (old or {}).get("lead_unit")
        counts[(at.astimezone(tz).date(), community_id, unit, kind)] += 1
    EventRollup.objects.bulk_create(
        [
            EventRollup(day=day, community_id=c, unit_id=u, kind=k, count=n)
            for (day, c, u, k), n in counts.items()
        ],
        batch_size=2000,
    )


# --- full rebuild ----------------------------------------------------------------------------


def _rebuild(state: RollupState, started, event_top: int, order_top: int) -> RefreshResult:
    for model in (OrderFact, DailyRollup, MonthlyRollup, MonthlySlice, StreetSlice, OpenDue):
        model.objects.all().delete()
    count = 0
    for chunk in facts_compute():
        instances_insert(chunk)  # what bulk_create stores, without its per-value compiling
        count += len(chunk)
    _aggregate_sql()
    _event_days_recount(None)
    state.event_id, state.order_id = event_top, order_top
    state.refreshed_at = state.built_at = started
    state.save()
    return RefreshResult("rebuild", count)


def _aggregate_sql() -> None:
    """The rollups are GROUP BYs of the facts: done inside the database on a rebuild."""
    fact = OrderFact._meta.db_table
    sums = ", ".join(f"SUM({name})" for name in MEASURES)
    cols = ", ".join(MEASURES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {DailyRollup._meta.db_table} (day, community_id, lead_unit_id, {cols}) "
            f"SELECT day, community_id, lead_unit_id, {sums} FROM {fact} GROUP BY day, community_id, lead_unit_id"
        )
        cursor.execute(
            f"INSERT INTO {MonthlyRollup._meta.db_table} (month, community_id, lead_unit_id, {cols}) "
            f"SELECT month, community_id, lead_unit_id, {sums} FROM {fact} "
            f"GROUP BY month, community_id, lead_unit_id"
        )
        for dim, field in SLICE_DIMS:
            value = f"COALESCE(CAST({field} AS VARCHAR(40)), '')"
            cursor.execute(
                f"INSERT INTO {MonthlySlice._meta.db_table} "
                f"(month, community_id, lead_unit_id, dim, value, {cols}) "
                f"SELECT month, community_id, lead_unit_id, %s, {value}, {sums} FROM {fact} "
                f"GROUP BY month, community_id, lead_unit_id, {value}",
                [dim],
            )
        cursor.execute(
            f"INSERT INTO {StreetSlice._meta.db_table} (month, dim, value, {cols}) "
            f"SELECT month, dim, value, {sums} FROM {MonthlySlice._meta.db_table} GROUP BY month, dim, value"
        )
        cursor.execute(
            f"INSERT INTO {OpenDue._meta.db_table} (due_day, community_id, lead_unit_id, count) "
            f"SELECT open_due_day, community_id, lead_unit_id, COUNT(*) FROM {fact} "
            f"WHERE open_due_day IS NOT NULL GROUP BY open_due_day, community_id, lead_unit_id"
        )
        if connection.vendor == "postgresql":  # fresh planner statistics, or the tables look empty
            for model in (OrderFact, DailyRollup, MonthlyRollup, MonthlySlice, StreetSlice, OpenDue):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
