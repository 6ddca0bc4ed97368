"""How the running duplicate finder does on the street's own 并单 decisions (`jiesu triage
duplicates-replay`): the benchmark on the tipdm repeat posts, run on the street's history.

The orders received in the last ``days`` (and the ``duplicate_days`` before them, as candidates)
are fed in time order through a fresh `DuplicateFinder` with the running parameters
(`triage.duplicates.duplicate_params` from `TriageSettings`); each order is matched against the
orders before it, then indexed, and an order merged into another (并单) leaves the index when it
was merged, as it leaves the running index. Truth: an order and the order it was merged into are
about one problem (transitive closure, `core.duplicate_scoring`).

- **recall**: of the orders with an earlier order of their merge cluster, the share whose best
  proposal was one of them — a merge the finder would have proposed first;
- **precision**: of the orders that got a proposal, the share whose best proposal is in their
  merge cluster. It is a *lower bound*: a dispatcher does not merge every repeat (the earlier
  order may already be closed and answered), so a right proposal that nobody merged counts as
  wrong here.

Differences from the live finder, all small: the place and category are the order's final ones
(triage saw its own suggestion), and an order counts as a candidate only within
``duplicate_days`` of its arrival (the live index also keeps older orders that are still open).
Nothing is written.
"""

import heapq
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from django.utils import timezone

from jiesu.core.errors import ValidationFailed
from jiesu.triage.core.duplicate_scoring import proposal_scores
from jiesu.triage.core.duplicates import DuplicateFinder
from jiesu.triage.duplicates import FIELDS, duplicate_params, order_text
from jiesu.triage.selectors import triage_settings
from jiesu.workorders.models import EventKind, WorkOrder, WorkOrderEvent

PROGRESS_EVERY = 500
MAX_DAYS = 3660  # ten years: far more than any street keeps online, and a date the calendar can hold


def duplicates_replay(
    *,
    days: int = 180,
    until: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Replay the last ``days`` before ``until`` (default now); JSON-ready figures.
    ``progress(done, total)`` is called every ``PROGRESS_EVERY`` orders (a job's progress bar)."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationFailed(f"重放天数须在 1 到 {MAX_DAYS} 之间。")
    started = time.perf_counter()
    settings = triage_settings()
    params = duplicate_params(threshold=settings.duplicate_threshold, days=settings.duplicate_days)
    until = until or timezone.now()
    since = until - timedelta(days=days)
    window_start = since - timedelta(days=params.recent_days)
    rows = (
        WorkOrder.objects.filter(received_at__gte=window_start, received_at__lt=until)
        .order_by("received_at", "id")
        .values(*FIELDS, "master_id")
    )
    total = rows.count() if progress is not None else 0
    merged_at = dict(
        WorkOrderEvent.objects.filter(
            kind=EventKind.MERGED, order__received_at__gte=window_start, order__received_at__lt=until
        ).values_list("order_id", "at")
    )
    finder = DuplicateFinder(params)
    leaving: list[tuple] = []  # (merged at, order id): orders to drop from the index once merged
    found: dict[int, list[tuple]] = {}
    scored: set[int] = set()
    truth: list[tuple[int, int]] = []
    for done, row in enumerate(rows.iterator(chunk_size=2000), 1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
        while leaving and leaving[0][0] <= row["received_at"]:
            finder.remove([heapq.heappop(leaving)[1]])
        query = order_text(row)
        if row["received_at"] >= since:
            scored.add(row["id"])
            found[row["id"]] = [(m.id, m.score) for m in finder.find(query)]
        else:
            found[row["id"]] = []  # a candidate only: its own proposals are not scored
        finder.add([replace(query, is_open=False)])
        if row["master_id"] is not None:
            truth.append((row["id"], row["master_id"]))
            if row["id"] in merged_at:
                heapq.heappush(leaving, (merged_at[row["id"]], row["id"]))
    scores = proposal_scores(found, truth, params.threshold, scored)
    merged_scored = sum(1 for order_id, _ in truth if order_id in scored)
    return {
        "since": since.isoformat(timespec="seconds"),
        "until": until.isoformat(timespec="seconds"),
        "days": days,
        "orders_replayed": len(scored),
        "orders_indexed": len(found),
        "merged_orders": merged_scored,
        "threshold": params.threshold,
        "candidate_days": params.recent_days,
        **{key: value for key, value in scores.items() if key not in ("threshold", "orders")},
        "seconds": round(time.perf_counter() - started, 1),
    }
