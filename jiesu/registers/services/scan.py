"""The periodic deadline check of the registers, run by `jiesu sla-scan` with the orders'
(`core.extensions.deadline_scans`).

A point still open after its revisit date (`due_on`) and a campaign task still open after its
deadline are flagged 逾期督办 once: `escalated_at` is set under the row lock and one audited event
(actor: the system) is written. A second run finds nothing new and writes nothing, so the scan may
run as often as wanted. The lists and tiles show the flag (已督办) next to the overdue date.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.utils import timezone

from jiesu.registers.models import CampaignTask, Point
from jiesu.registers.services._perform import point_perform, task_perform
from jiesu.registers.states import OPEN_POINT, OPEN_TASK, PointAction, TaskAction

POINT_NOTE = "系统督办：点位已超过应回访日期仍未完成社区回访。"
TASK_NOTE = "系统督办：专项任务已超过完成期限仍未完成。"


@dataclass
class RegisterScan:
    points_overdue: int = 0
    points_escalated: int = 0
    tasks_overdue: int = 0
    tasks_escalated: int = 0


def _flag(obj, now: datetime) -> tuple[dict, dict]:
    obj.escalated_at = now
    return {"escalated_at": None}, {"escalated_at": now, "due_on": obj.due_on}


def _unless_done(action: str, open_statuses: frozenset, today):
    """The step, re-checked under the row lock: nothing is written when another run or a person
    got there first (flagged already, closed, or given a later date)."""

    def check(obj) -> str:
        if obj.escalated_at is not None or obj.status not in open_statuses or obj.due_on >= today:
            raise _Unchanged
        return action

    return check


def register_deadline_scan(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = RegisterScan()
    points = Point.objects.filter(status__in=OPEN_POINT, due_on__lt=today, escalated_at=None)
    for point_id in points.order_by("id").values_list("id", flat=True):
        result.points_overdue += 1
        try:
            point_perform(
                point_id=point_id,
                action=_unless_done(PointAction.ESCALATE, OPEN_POINT, today),
                actor=None,
                change=lambda point: _flag(point, now),
                note=POINT_NOTE,
                now=now,
            )
        except _Unchanged:
            continue
        result.points_escalated += 1
    tasks = CampaignTask.objects.filter(status__in=OPEN_TASK, due_on__lt=today, escalated_at=None)
    for task_id in tasks.order_by("id").values_list("id", flat=True):
        result.tasks_overdue += 1
        try:
            task_perform(
                task_id=task_id,
                action=_unless_done(TaskAction.ESCALATE, OPEN_TASK, today),
                actor=None,
                change=lambda task: _flag(task, now),
                note=TASK_NOTE,
                now=now,
            )
        except _Unchanged:
            continue
        result.tasks_escalated += 1
    return asdict(result)


class _Unchanged(Exception):
    """Raised under the row lock when there is nothing to flag: the transaction writes nothing."""
