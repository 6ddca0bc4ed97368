"""The periodic deadline check of 主动治理, run by `jiesu sla-scan` with the orders'
(`core.extensions.deadline_scans`).

A milestone of a project being carried out (实施) that is still not done after its planned date is
flagged once (节点逾期督办): the milestone's `escalated_at` is set under the project's row lock and
one audited project event (actor: the system) names it. A later run finds nothing new and writes
nothing. The project page and the 节点逾期 list show the flag (已督办).
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.utils import timezone

from jiesu.core.errors import TransitionNotAllowed
from jiesu.projects.models import Milestone, Project
from jiesu.projects.services._perform import project_perform
from jiesu.projects.states import ProjectAction, ProjectStatus

NOTE = "系统督办：项目节点已超过计划日期仍未完成。"


@dataclass
class MilestoneScan:
    overdue: int = 0
    escalated: int = 0


class _Unchanged(Exception):
    """Raised under the row lock when there is nothing to flag: the transaction writes nothing."""


def project_deadline_scan(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = MilestoneScan()
    candidates = Milestone.objects.filter(
        project__status=ProjectStatus.IMPLEMENTING, done_on=None, due_on__lt=today, escalated_at=None
    ).order_by("project_id", "id")
    for milestone_id, project_id in candidates.values_list("id", "project_id"):
        result.overdue += 1

        def change(project: Project, milestone_id=milestone_id) -> tuple[dict, dict]:
            milestone = Milestone.objects.get(pk=milestone_id)
            if (
                milestone.escalated_at is not None
                or milestone.done_on is not None
                or milestone.due_on >= today
            ):
                raise _Unchanged
            milestone.escalated_at = now
            milestone.save(update_fields=["escalated_at"])
            return (
                {"milestone": milestone.pk, "escalated_at": None},
                {"milestone": milestone.pk, "title": milestone.title, "overdue_since": milestone.due_on,
                 "escalated_at": now},
            )  # fmt: skip

        try:
            project_perform(
                project_id=project_id, action=ProjectAction.MILESTONE_OVERDUE, actor=None, change=change,
                note=NOTE, now=now,
            )  # fmt: skip
        except (_Unchanged, TransitionNotAllowed):  # done, or the project moved on, meanwhile
            continue
        result.escalated += 1
    return asdict(result)
