"""One order → one fact: its rollup keys and 0/1 measures. The only place that reads raw orders."""

from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import Count
from django.utils import timezone

from jiesu.insight.models import MEASURES, OrderFact
from jiesu.workorders.models import EventKind, Satisfaction, WorkOrder, WorkOrderEvent
from jiesu.workorders.states import IN_HANDLING, Status

ORDER_FIELDS = (
    "id",
    "received_at",
    "community_id",
    "compound_id",
    "category_id",
    "channel",
    "appeal_type",
    "lead_unit_id",
    "status",
    "response_due",
    "resolve_due",
    "responded_at",
    "resolved_at",
    "visited_at",
    "visit_resolved",
    "visit_satisfaction",
    "redo_count",
)
LEFT_HANDLING = {Status.RESOLVED, Status.VISITED, Status.CLOSED}
CHUNK = 20000


def _local_day(moment: datetime, tz):
    return moment.astimezone(tz).date()


def fact_from_row(row: dict, *, extensions: int = 0, tz=None) -> OrderFact:
    """The fact of one order given its field values (see docs/metrics.md for each measure)."""
    tz = tz or timezone.get_current_timezone()
    day = _local_day(row["received_at"], tz)
    merged = row["status"] == Status.MERGED
    counted = not merged
    responded = row["responded_at"]
    assessed = counted and (responded is not None or row["status"] in LEFT_HANDLING)
    on_time_response = (
        assessed
        and responded is not None
        and (row["response_due"] is None or responded <= row["response_due"])
    )
    resolved = counted and row["resolved_at"] is not None
    visited = counted and row["visited_at"] is not None and bool(row["visit_satisfaction"])
    is_open = counted and row["status"] in IN_HANDLING
    satisfaction = row["visit_satisfaction"] if visited else ""
    return OrderFact(
        order_id=row["id"],
        day=day,
        month=day.replace(day=1),
        community_id=row["community_id"],
        compound_id=row["compound_id"],
        category_id=row["category_id"],
        channel=row["channel"],
        appeal_type=row["appeal_type"],
        lead_unit_id=row["lead_unit_id"],
        open_due_day=_local_day(row["resolve_due"], tz) if is_open and row["resolve_due"] else None,
        received=1,  # every request received is volume, a merged duplicate too (see docs/metrics.md)
        merged=int(merged),
        response_assessed=int(assessed),
        responded_on_time=int(on_time_response),
        resolved=int(resolved),
        resolved_on_time=int(
            resolved and (row["resolve_due"] is None or row["resolved_at"] <= row["resolve_due"])
        ),
        visited=int(visited),
        visit_resolved=int(visited and row["visit_resolved"] is True),
        satisfied=int(satisfaction == Satisfaction.SATISFIED),
        basic=int(satisfaction == Satisfaction.BASIC),
        unsatisfied=int(satisfaction == Satisfaction.UNSATISFIED),
        extensions=extensions if counted else 0,
        redos=row["redo_count"] if counted else 0,
        open=int(is_open),
    )


def _extension_counts(order_ids: list[int] | None) -> dict[int, int]:
    events = WorkOrderEvent.objects.filter(kind=EventKind.EXTENSION_APPROVED)
    if order_ids is not None:
        events = events.filter(order_id__in=order_ids)
    return dict(events.values_list("order_id").annotate(n=Count("id")).values_list("order_id", "n"))


def facts_compute(*, order_ids: Iterable[int] | None = None) -> Iterator[list[OrderFact]]:
    """Facts from the current raw orders, in chunks; `None` means every order."""
    tz = timezone.get_current_timezone()
    if order_ids is None:
        extensions = _extension_counts(None)
        last = 0
        while True:
            rows = list(WorkOrder.objects.filter(id__gt=last).order_by("id").values(*ORDER_FIELDS)[:CHUNK])
            if not rows:
                return
            last = rows[-1]["id"]
            yield [fact_from_row(row, extensions=extensions.get(row["id"], 0), tz=tz) for row in rows]
    ids = sorted(set(order_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        extensions = _extension_counts(chunk)
        rows = WorkOrder.objects.filter(id__in=chunk).values(*ORDER_FIELDS)
        yield [fact_from_row(row, extensions=extensions.get(row["id"], 0), tz=tz) for row in rows]


def fact_vector(fact: OrderFact) -> list[int]:
    return [getattr(fact, name) for name in MEASURES]
