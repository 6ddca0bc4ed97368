"""The one path every status step takes: lock, check, change, record — one transaction.

1. lock the row (`select_for_update`);
2. compare the version the person saw → ConcurrentChange;
3. ask the table for the new status → TransitionNotAllowed;
4. ask the access policy → NotPermitted (`actor` None is the system: the deadline scan);
5. apply the change, bump the version and write ONE `DeliberationEvent` with old and new values.
"""

from collections.abc import Callable
from datetime import datetime

from django.db import models, transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import ConcurrentChange, ValidationFailed
from jiesu.core.events import event_record
from jiesu.core.statemachine import Machine
from jiesu.deliberation.models import DeliberationEvent, Meeting, Task, Topic

CHANGED = "该记录已被他人修改，请刷新后重试。"
Change = Callable[[models.Model], tuple[dict, dict]]


def text_clean(value: str, *, label: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(f"请填写{label}。")
    if len(value) > limit:
        raise ValidationFailed(f"{label}不能超过 {limit} 个字。")
    return value


def _subject(obj) -> dict:
    if isinstance(obj, Task):
        return {"programme_id": obj.meeting.programme_id, "meeting": obj.meeting, "task": obj}
    if isinstance(obj, Meeting):
        return {"programme_id": obj.programme_id, "meeting": obj}
    if isinstance(obj, Topic):
        return {"programme_id": obj.programme_id, "topic": obj}
    raise TypeError(obj)


def perform(
    *,
    model: type[models.Model],
    pk: int,
    machine: Machine,
    action: str,
    actor,
    change: Change,
    note: str = "",
    kind: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
):
    now = now or timezone.now()
    with transaction.atomic():
        related = ("meeting__programme",) if model is Task else ("programme",)
        obj = model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=pk)
        if expected_version is not None and obj.version != expected_version:
            raise ConcurrentChange(CHANGED)
        old_status = obj.status
        new_status = machine.target(action, old_status)
        if actor is not None:
            access.ensure(actor, action, obj)
        old, new = change(obj)
        if new_status != old_status:
            old, new = {"status": old_status, **old}, {"status": new_status, **new}
            obj.status = new_status
        obj.version += 1
        obj.save()
        event_record(
            DeliberationEvent,
            kind=kind or action,
            actor=actor,
            old=old,
            new=new,
            note=note,
            at=now,
            **_subject(obj),
        )
    return obj
