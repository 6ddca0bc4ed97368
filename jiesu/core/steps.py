"""The one path every status step of an audited object takes, in one transaction:

1. lock the row (`lock()`, e.g. a `select_for_update` in the app's lock_objects);
2. compare the version the person saw → ConcurrentChange;
3. ask the state table for the new status → TransitionNotAllowed (the state first: whoever loses
   a race learns that the object has moved on);
4. ask the access policy → NotPermitted (`actor` None is the system, e.g. a deadline scan);
5. apply the change, bump the version and write ONE audited event with the old and new values.

Used by the governance and participation apps (evaluation, registers, projects, deliberation).
Work orders and whistles keep their own `perform`: theirs lock more than one row.
"""

from collections.abc import Callable
from datetime import datetime

from django.db import models, transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import ConcurrentChange, ValidationFailed
from jiesu.core.events import event_record
from jiesu.core.statemachine import Machine

# A change mutates the locked object and returns (old, new) dicts of what it changed.
Change = Callable[[models.Model], tuple[dict, dict]]


def perform_step(
    *,
    lock: Callable[[], models.Model],
    machine: Machine,
    action: str | Callable[[models.Model], str],
    actor,
    change: Change,
    event_model: type[models.Model],
    subject: str | Callable[[models.Model], dict],
    note: str = "",
    kind: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
    stale_message: str = "已被他人修改，请刷新后重试。",
):
    """Run `action` (or `action(obj)`, when the step depends on the locked state) on `lock()`.

    `subject` names the event's field for the object, or maps the object to the event's fields;
    `kind` is the event's kind when it differs from the action."""
    with transaction.atomic():
        obj = lock()
        if expected_version is not None and obj.version != expected_version:
            raise ConcurrentChange(stale_message)
        if callable(action):
            action = action(obj)
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
        fields = subject(obj) if callable(subject) else {subject: obj}
        event_record(
            event_model,
            kind=kind or action,
            actor=actor,
            old=old,
            new=new,
            note=note,
            at=at or timezone.now(),
            **fields,
        )
    return obj


def text_clean(value: str, *, label: str, limit: int, required: bool = True) -> str:
    """A stripped text, required and at most `limit` characters, or a clear Chinese refusal."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(f"请填写{label}。")
    if len(value) > limit:
        raise ValidationFailed(f"{label}不能超过 {limit} 个字。")
    return value
