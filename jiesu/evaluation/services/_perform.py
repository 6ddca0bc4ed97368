"""The one path every change of a round, an inspection or a ledger item takes, in one transaction:
lock → expected version → the state table → permission → change → one audited event."""

from collections.abc import Callable
from datetime import datetime

from django.db import models, transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import ConcurrentChange
from jiesu.core.events import event_record
from jiesu.core.statemachine import Machine

# A change function mutates the locked object and returns (old, new) dicts of what it changed.
Change = Callable[[models.Model], tuple[dict, dict]]


def perform(
    *,
    lock: Callable[[], models.Model],
    machine: Machine,
    action: str,
    actor,
    change: Change,
    event_model: type[models.Model],
    subject: str,
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
    stale_message: str = "已被他人修改，请刷新后重试。",
):
    """Run `action` on the object `lock()` returns. `actor` None is the system (the deadline scan)."""
    with transaction.atomic():
        obj = lock()
        if expected_version is not None and obj.version != expected_version:
            raise ConcurrentChange(stale_message)
        old_status = obj.status
        # the state first: whoever loses a race learns that the object has moved on
        new_status = machine.target(action, old_status)
        if actor is not None:
            access.ensure(actor, action, obj)
        old, new = change(obj)
        if new_status != old_status:
            old = {"status": old_status, **old}
            new = {"status": new_status, **new}
            obj.status = new_status
        obj.version += 1
        obj.save()
        event_record(
            event_model, kind=action, actor=actor, old=old, new=new, note=note, at=at or timezone.now(),
            **{subject: obj},
        )  # fmt: skip
    return obj
