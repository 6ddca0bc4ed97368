"""The duplicate finder that runs is the one that is benchmarked (`bench/triage.py duplicates`):
the core's `DuplicateFinder` with its default `DuplicateParams`, over the street's orders of the
last `recent_days` and every order still open, kept per process and brought up to date at
each query (orders registered since, by any process, are added by id; when there were any
besides the one being triaged, the search runs again on the caught-up index); rebuilt every
REBUILD_SECONDS (in a background thread; the old index answers meanwhile) so closed and merged
orders drop out. Results are checked against the database (a merged or deleted order is never
proposed) in the same read as the catch-up.

Place key: the compound (orders at two different compounds are never duplicates); caller: the
phone; category: the category id (predicted or set).
"""

import logging
import threading
import time
from dataclasses import replace
from datetime import timedelta

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from jiesu.triage.core.duplicates import DuplicateFinder, DuplicateParams, OrderText
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.states import OPEN_STATUSES, Status

REBUILD_SECONDS = 600
CATCH_UP_LIMIT = 50_000
FIELDS = ("id", "title", "content", "received_at", "compound_id", "citizen_phone", "category_id", "status")
_lock = threading.Lock()
_state: dict = {"finder": None, "built": 0.0, "last_id": 0, "params": None, "rebuild": None}
logger = logging.getLogger(__name__)


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
        _state.update(finder=None, built=0.0, last_id=0, params=None, rebuild=None)


def _build(params: DuplicateParams) -> tuple[DuplicateFinder, int]:
    """A new index of the window's orders and the open ones, and the last id it read."""
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
    return finder, last_id


def _finder(params: DuplicateParams) -> DuplicateFinder:
    """The process's index (the caller holds _lock). Built here the first time and when the
    parameters change. Once it is REBUILD_SECONDS old, a fresh one is built in a background
    thread while this one keeps answering — a build takes seconds at 1,000,000 orders (8 s on the
    bench), which the triage that found the index old used to wait for."""
    if _state["finder"] is None or _state["params"] != params:
        finder, last_id = _build(params)
        _state.update(finder=finder, built=time.monotonic(), last_id=last_id, params=params, rebuild=None)
    elif time.monotonic() - _state["built"] > REBUILD_SECONDS and _state["rebuild"] is None:
        thread = threading.Thread(target=_rebuild, args=(params,), name="duplicate-index", daemon=True)
        _state["rebuild"] = thread
        thread.start()
    return _state["finder"]


def _rebuild(params: DuplicateParams) -> None:
    """Build in the background, then swap: the next catch-up adds what came in meanwhile."""
    finder = None
    try:
        finder, last_id = _build(params)
    except Exception:  # the old index keeps answering; try again after another period
        logger.exception("duplicate index rebuild failed")
    finally:
        connection.close()  # this thread's own connection
    with _lock:
        if _state["rebuild"] is not threading.current_thread():
            return  # cleared meanwhile
        if finder is not None and _state["params"] == params:
            _state.update(finder=finder, last_id=last_id)
        _state.update(built=time.monotonic(), rebuild=None)


def _catch_up(finder: DuplicateFinder, query: OrderText, match_ids: list) -> tuple[dict, bool]:
    """One read for two things: the orders registered since the index last looked (by any
    process; the one being triaged goes in as triage sees it — compound and category — in one
    add) and the current number and status of the proposed matches. Returns those rows by id
    and whether orders other than `query` were added (then the search must run again).
    PostgreSQL answers it with a BitmapOr of two primary-key scans (0.08 ms at 1,000,000 orders):
    Django's psycopg 3 binds values client-side, so the planner sees the literal last id."""
    rows = list(
        WorkOrder.objects.filter(Q(pk__gt=_state["last_id"]) | Q(pk__in=match_ids))
        .order_by("id")
        .values(*FIELDS, "number")[: CATCH_UP_LIMIT + len(match_ids)]
    )
    newer = [row for row in rows if row["id"] > _state["last_id"]]
    if newer:
        finder.add([query if row["id"] == query.id else order_text(row) for row in newer])
        _state["last_id"] = newer[-1]["id"]
    if not finder.holds(query):  # indexed earlier with another compound or category
        finder.add([query])
    return {row["id"]: row for row in rows}, any(row["id"] != query.id for row in newer)


def duplicates_find(
    *, order: WorkOrder, category_id: int | None, compound_id: int | None, threshold: float, days: int
) -> list[dict]:
    """Earlier orders that `order` probably repeats, best first: [{id, number, score, status}].

    The search runs on the index as it is, then one query brings it up to date and checks the
    proposals against the database (a merged or deleted order is never proposed); only when
    other orders came in meanwhile does the search run again, on the caught-up index."""
    params = duplicate_params(threshold=threshold, days=days)
    row = {field: getattr(order, field) for field in FIELDS}
    query = order_text(row, compound_id=compound_id, category_id=category_id)
    limit = params.limit * 2
    with _lock:
        finder = _finder(params)
        matches = finder.find(query, limit=limit)
        known, others_added = _catch_up(finder, query, [m.id for m in matches])
        if others_added:
            matches = finder.find(query, limit=limit)
            missing = [m.id for m in matches if m.id not in known]
            if missing:
                known.update(
                    {
                        row["id"]: row
                        for row in WorkOrder.objects.filter(pk__in=missing).values(*FIELDS, "number")
                    }
                )
    found = [
        {
            "id": m.id,
            "number": known[m.id]["number"],
            "status": known[m.id]["status"],
            "score": round(min(1.0, m.score), 2),
        }
        for m in matches
        if m.id in known and known[m.id]["status"] != Status.MERGED and m.id != order.pk
    ]
    return found[: params.limit]
