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
    result.points_overdue, result.points_escalated = _escalate_overdue(
        Point, OPEN_POINT, PointAction.ESCALATE, POINT_NOTE, today, now,
        perform=lambda pk, **step: point_perform(point_id=pk, **step),
    )  # fmt: skip
    result.tasks_overdue, result.tasks_escalated = _escalate_overdue(
        CampaignTask, OPEN_TASK, TaskAction.ESCALATE, TASK_NOTE, today, now,
        perform=lambda pk, **step: task_perform(task_id=pk, **step),
    )  # fmt: skip
    return asdict(result)


def _escalate_overdue(model, open_statuses, action, note, today, now, *, perform) -> tuple[int, int]:
    """Escalate, one audited step each, the open rows of `model` past their due day and not yet
    escalated; a row done or escalated meanwhile is left as it is. (overdue, escalated)."""
    overdue = escalated = 0
    rows = model.objects.filter(status__in=open_statuses, due_on__lt=today, escalated_at=None)
    for pk in rows.order_by("id").values_list("id", flat=True):
        overdue += 1
        try:
            perform(
                pk,
                action=_unless_done(action, open_statuses, today),
                actor=None,
                change=lambda obj: _flag(obj, now),
                note=note,
                now=now,
            )
        except _Unchanged:
            continue
        escalated += 1
    return overdue, escalated


class _Unchanged(Exception):
    """Raised under the row lock when there is nothing to flag: the transaction writes nothing."""
