"""Writing append-only events (subclasses of `core.models.AuditedEvent`) with JSON-safe values."""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Model
from django.utils import timezone


def jsonable(value):
    """Values as events store them: datetimes in local ISO form, models as primary keys."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    if isinstance(value, Model):
        return value.pk
    return value


def event_record(
    model: type[Model],
    *,
    kind: str,
    actor=None,
    old: dict | None = None,
    new: dict | None = None,
    note: str = "",
    at: datetime | None = None,
    **subject,
):
    """Insert one event row of `model` (an AuditedEvent subclass) about `subject` (e.g. whistle=w).

    `actor` None is the system itself (a periodic scan); anonymous users never reach here.
    """
    return model.objects.create(
        kind=kind,
        actor=actor,
        actor_unit=getattr(actor, "unit", None) if actor is not None else None,
        at=at or timezone.now(),
        old=jsonable(old or {}),
        new=jsonable(new or {}),
        note=note,
        **subject,
    )
