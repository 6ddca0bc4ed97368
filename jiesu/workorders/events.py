"""Writing the append-only events. One writer; every service calls it inside its transaction."""

from datetime import datetime

from django.utils import timezone

from jiesu.workorders.models import WorkOrder, WorkOrderEvent


def _jsonable(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    if hasattr(value, "pk"):
        return value.pk
    return value


def event_write(
    *,
    order: WorkOrder,
    kind: str,
    actor=None,
    old: dict | None = None,
    new: dict | None = None,
    note: str = "",
    at: datetime | None = None,
    level: int | None = None,
) -> WorkOrderEvent:
    return WorkOrderEvent.objects.create(
        order=order,
        kind=kind,
        actor=actor,
        actor_unit=getattr(actor, "unit", None) if actor else None,
        at=at or timezone.now(),
        old=_jsonable(old or {}),
        new=_jsonable(new or {}),
        note=note,
        level=level,
    )
