"""Every step on a point or a task goes through core.steps.perform_step: lock → version → table →
permission → change → one audited event, in one transaction."""

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

from jiesu.core.steps import perform_step, text_clean  # noqa: F401  (text_clean: for the services)
from jiesu.registers.lock_objects import point_lock, task_lock
from jiesu.registers.models import CampaignTask, Point, PointEvent, TaskEvent
from jiesu.registers.states import POINT, TASK

CHANGED = "该{noun}已被他人修改，请刷新后重试。"
Change = Callable[[object], tuple[dict, dict]]


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
    return perform_step(
        lock=lambda: point_lock(point_id=point_id),
        machine=POINT,
        event_model=PointEvent,
        subject="point",
        action=action,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
        at=now or timezone.now(),
        stale_message=CHANGED.format(noun=POINT.noun.removeprefix("该")),
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
    return perform_step(
        lock=lambda: task_lock(task_id=task_id),
        machine=TASK,
        event_model=TaskEvent,
        subject="task",
        action=action,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
        at=now or timezone.now(),
        stale_message=CHANGED.format(noun=TASK.noun.removeprefix("该")),
    )
