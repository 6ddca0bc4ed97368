"""The one path every step on a point or a task takes: lock → version → table → permission →
change → one audited event, in one transaction (the whistles' pattern)."""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import ConcurrentChange, ValidationFailed
from jiesu.core.events import event_record
from jiesu.core.statemachine import Machine
from jiesu.registers.lock_objects import point_lock, task_lock
from jiesu.registers.models import CampaignTask, Point, PointEvent, TaskEvent
from jiesu.registers.states import POINT, TASK

CHANGED = "该{noun}已被他人修改，请刷新后重试。"
Change = Callable[[object], tuple[dict, dict]]


def text_clean(value: str, *, label: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(f"请填写{label}。")
    if len(value) > limit:
        raise ValidationFailed(f"{label}不能超过 {limit} 个字。")
    return value


def _perform(
    *, lock, machine: Machine, event_model, subject: str, action, actor, change, note, expected_version, now
):
    with transaction.atomic():
        obj = lock()
        if expected_version is not None and obj.version != expected_version:
            raise ConcurrentChange(CHANGED.format(noun=machine.noun.removeprefix("该")))
        old_status = obj.status
        if callable(action):  # a step whose action depends on the locked state (assign / reassign)
            action = action(obj)
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
            event_model, kind=action, actor=actor, old=old, new=new, note=note, at=now, **{subject: obj}
        )
    return obj


def point_perform(
    *,
    point_id: int,
    action: str | Callable[[Point], str],
    actor,
    change: Change,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Point:
    return _perform(
        lock=lambda: point_lock(point_id=point_id),
        machine=POINT,
        event_model=PointEvent,
        subject="point",
        action=action,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
        now=now or timezone.now(),
    )


def task_perform(
    *,
    task_id: int,
    action: str | Callable[[CampaignTask], str],
    actor,
    change: Change,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> CampaignTask:
    return _perform(
        lock=lambda: task_lock(task_id=task_id),
        machine=TASK,
        event_model=TaskEvent,
        subject="task",
        action=action,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
        now=now or timezone.now(),
    )
