"""Follow-up tasks until solved: the owner unit reports, the programme's side confirms or sends
back; the deadline scan reminds once when a task is overdue."""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import ValidationFailed
from jiesu.deliberation.models import EventKind, Task
from jiesu.deliberation.services._perform import perform, text_clean
from jiesu.deliberation.states import OPEN_TASK, TASK, TaskAction
from jiesu.workorders.models import WorkOrder


def _task(
    action: str,
    *,
    task_id: int,
    actor,
    change,
    note: str = "",
    kind: str = "",
    expected_version=None,
    now=None,
):
    return perform(
        model=Task,
        pk=task_id,
        machine=TASK,
        action=action,
        kind=kind,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
        now=now,
    )


def task_report(
    *, task_id: int, actor, progress: str, expected_version: int | None = None, now: datetime | None = None
) -> Task:
    now = now or timezone.now()
    progress = text_clean(progress, label="办理情况", limit=2000)

    def change(task: Task) -> tuple[dict, dict]:
        old = {"progress": task.progress}
        task.progress, task.reported_at = progress, now
        return old, {"progress": progress}

    return _task(
        TaskAction.REPORT,
        task_id=task_id,
        actor=actor,
        change=change,
        expected_version=expected_version,
        now=now,
    )


def task_confirm(
    *, task_id: int, actor, note: str = "", expected_version: int | None = None, now: datetime | None = None
) -> Task:
    now = now or timezone.now()
    note = text_clean(note, label="说明", limit=300, required=False)

    def change(task: Task) -> tuple[dict, dict]:
        task.solved_at = now
        return {}, {"solved_at": now}

    return _task(
        TaskAction.CONFIRM,
        task_id=task_id,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
        now=now,
    )


def task_send_back(
    *, task_id: int, actor, reason: str, expected_version: int | None = None, now: datetime | None = None
) -> Task:
    reason = text_clean(reason, label="退回原因", limit=300)

    def change(task: Task) -> tuple[dict, dict]:
        task.reported_at = None
        return {}, {}

    return _task(
        TaskAction.SEND_BACK,
        task_id=task_id,
        actor=actor,
        change=change,
        note=reason,
        expected_version=expected_version,
        now=now,
    )


def task_cancel(*, task_id: int, actor, reason: str, now: datetime | None = None) -> Task:
    reason = text_clean(reason, label="撤销原因", limit=300)
    return _task(
        TaskAction.CANCEL, task_id=task_id, actor=actor, change=lambda task: ({}, {}), note=reason,
        kind=EventKind.TASK_CANCEL, now=now,
    )  # fmt: skip


def task_link(*, task_id: int, actor, orders: list[WorkOrder], now: datetime | None = None) -> Task:
    """Link orders the actor may see (known links are kept)."""
    if not orders:
        raise ValidationFailed("请选择要关联的工单。")

    def change(task: Task) -> tuple[dict, dict]:
        ids = {o.pk for o in orders}
        if actor is not None and access.scope(actor, WorkOrder).filter(pk__in=ids).count() != len(ids):
            raise ValidationFailed("只能关联您有权查看的工单。")
        known = set(task.orders.values_list("pk", flat=True))
        task.orders.add(*(ids - known))
        return {"orders": sorted(known)}, {"orders": sorted(known | ids)}

    return _task(TaskAction.LINK, task_id=task_id, actor=actor, change=change, now=now)


@dataclass
class TaskScan:
    scanned: int = 0
    urged: int = 0


def task_deadline_scan(*, now: datetime | None = None) -> dict:
    """Remind once (event 逾期提醒, by the system) about every open task past its deadline."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = TaskScan()
    for task_id in Task.objects.filter(status__in=OPEN_TASK, deadline__lt=today, urged=False).values_list(
        "pk", flat=True
    ):
        result.scanned += 1
        with transaction.atomic():
            task = Task.objects.select_for_update().get(pk=task_id)
            if task.urged or task.status not in OPEN_TASK:
                continue

            def change(task: Task) -> tuple[dict, dict]:
                task.urged = True
                return {"urged": False}, {"urged": True, "deadline": task.deadline}

            _task(
                TaskAction.URGE,
                task_id=task_id,
                actor=None,
                change=change,
                note="系统提醒：议定事项已超过完成时限。",
                now=now,
            )
            result.urged += 1
    return asdict(result)
