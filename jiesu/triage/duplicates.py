"""The duplicate finder that runs is the one that is benchmarked (`bench/triage.py duplicates`):
the core's `DuplicateFinder` with its default `DuplicateParams`, over the street's orders of the
last `recent_days` and every order still open, kept per process and brought up to date before
each query (orders registered since, by any process, are added by id); rebuilt every
REBUILD_SECONDS so closed and merged orders drop out. Results are checked against the database
(a merged or deleted order is never proposed).

Place key: the compound (orders at two different compounds are never duplicates); caller: the
phone; category: the category id (predicted or set).
"""

import threading
import time
from dataclasses import replace
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from jiesu.triage.core.duplicates import DuplicateFinder, DuplicateParams, OrderText
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.states import OPEN_STATUSES, Status

REBUILD_SECONDS = 600
CATCH_UP_LIMIT = 50_000
FIELDS = ("id", "title", "content", "received_at", "compound_id", "citizen_phone", "category_id", "status")
_lock = threading.Lock()
_state: dict = {"finder": None, "built": 0.0, "last_id": 0, "params": None}


def duplicate_params(*, threshold: float | None = None, days: int | None = None) -> DuplicateParams:
    params = DuplicateParams()
    if threshold is not None:
        params = replace(params, threshold=threshold)
    if days is not None:
        params = replace(params, recent_days=float(days))
    return params


def order_text(row: dict, *, compound_id=None, category_id=None) -> OrderText:
    compound = compound_id if compound_id is not None else row["compound_id"]
    category = category_id if category_id is not None else row["category_id"]
    return OrderText(
        id=row["id"],
        text=f"{row['title']}。{row['content']}",
        received_at=row["received_at"],
        place=f"c{compound}" if compound else None,
        caller=row["citizen_phone"] or None,
        category=str(category) if category else None,
        is_open=row["status"] in OPEN_STATUSES,
        subject=row["title"],
    )


def duplicate_index_clear() -> None:
    with _lock:
        _state.update(finder=None, built=0.0, last_id=0, params=None)


def _finder(params: DuplicateParams) -> DuplicateFinder:
    """The process's index, rebuilt when old or when the parameters changed, then caught up."""
    stale = _state["finder"] is None or time.monotonic() - _state["built"] > REBUILD_SECONDS
    if stale or _state["params"] != params:
        since = timezone.now() - timedelta(days=params.recent_days)
        rows = (
            WorkOrder.objects.filter(Q(received_at__gte=since) | Q(status__in=OPEN_STATUSES))
            .exclude(status=Status.MERGED)
            .order_by("id")
            .values(*FIELDS)
        )
        finder = DuplicateFinder(params)
        last_id = 0
        batch = []
        for row in rows.iterator(chunk_size=5000):
            batch.append(order_text(row))
            last_id = row["id"]
            if len(batch) >= 5000:
                finder.add(batch)
                batch = []
        finder.add(batch)
        _state.update(finder=finder, built=time.monotonic(), last_id=last_id, params=params)
    newer = list(
        WorkOrder.objects.filter(pk__gt=_state["last_id"]).order_by("id").values(*FIELDS)[:CATCH_UP_LIMIT]
    )
    if newer:
        _state["finder"].add([order_text(row) for row in newer])
        _state["last_id"] = newer[-1]["id"]
    return _state["finder"]


def duplicates_find(
    *, order: WorkOrder, category_id: int | None, compound_id: int | None, threshold: float, days: int
) -> list[dict]:
    """Earlier orders that `order` probably repeats, best first: [{id, number, score, status}]."""
    params = duplicate_params(threshold=threshold, days=days)
    row = {field: getattr(order, field) for field in FIELDS}
    query = order_text(row, compound_id=compound_id, category_id=category_id)
    with _lock:
        finder = _finder(params)
        if not finder.holds(query):  # what triage knows now (compound, category) is indexed
            finder.add([query])
        matches = finder.find(query, limit=params.limit * 2)
    if not matches:
        return []
    known = {
        item["id"]: item
        for item in WorkOrder.objects.filter(pk__in=[m.id for m in matches])
        .exclude(status=Status.MERGED)
        .values("id", "number", "status")
    }
    found = [
        {**known[m.id], "score": round(min(1.0, m.score), 2)}
        for m in matches
        if m.id in known and m.id != order.pk
    ]
    return found[: params.limit]
