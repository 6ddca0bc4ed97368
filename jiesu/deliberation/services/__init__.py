"""Every write of 居民议事. Each step is one transaction with one event (per object it changes)."""

from jiesu.deliberation.services.meetings import (
    Parties,
    meeting_cancel,
    meeting_decide,
    meeting_hold,
    meeting_plan,
    meeting_publish,
)
from jiesu.deliberation.services.programmes import (
    programme_create,
    programme_update,
    representative_add,
    representative_update,
)
from jiesu.deliberation.services.submissions import submission_create
from jiesu.deliberation.services.tasks import (
    task_cancel,
    task_confirm,
    task_deadline_scan,
    task_link,
    task_report,
    task_send_back,
)
from jiesu.deliberation.services.topics import Pick, topic_drop, topics_confirm

__all__ = [
    "Parties",
    "Pick",
    "meeting_cancel",
    "meeting_decide",
    "meeting_hold",
    "meeting_plan",
    "meeting_publish",
    "programme_create",
    "programme_update",
    "representative_add",
    "representative_update",
    "submission_create",
    "task_cancel",
    "task_confirm",
    "task_deadline_scan",
    "task_link",
    "task_report",
    "task_send_back",
    "topic_drop",
    "topics_confirm",
]
