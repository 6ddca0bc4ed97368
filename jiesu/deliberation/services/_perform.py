"""The one path every status step takes: lock, check, change, record — one transaction.

1. lock the row (`select_for_update`);
2. compare the version the person saw → ConcurrentChange;
3. ask the table for the new status → TransitionNotAllowed;
4. ask the access policy → NotPermitted (`actor` None is the system: the deadline scan);
5. apply the change, bump the version and write ONE `DeliberationEvent` with old and new values.
"""

from collections.abc import Callable
from datetime import datetime

from django.db import models
from django.utils import timezone

from jiesu.core.statemachine import Machine
from jiesu.core.steps import perform_step, text_clean  # noqa: F401  (text_clean: for the services)
from jiesu.deliberation.models import DeliberationEvent, Meeting, Task, Topic

CHANGED = "该记录已被他人修改，请刷新后重试。"
Change = Callable[[models.Model], tuple[dict, dict]]


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
    related = ("meeting__programme",) if model is Task else ("programme",)
    return perform_step(
        lock=lambda: model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=pk),
        machine=machine,
        action=action,
        actor=actor,
        change=change,
        event_model=DeliberationEvent,
        subject=_subject,
        note=note,
        kind=kind,
        expected_version=expected_version,
        at=now or timezone.now(),
        stale_message=CHANGED,
    )
