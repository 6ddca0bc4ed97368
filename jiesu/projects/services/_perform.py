"""Every step on a project goes through core.steps.perform_step, in one transaction: lock the row
(`lock_objects.project_lock`) → version → the table → the access policy → change → ONE
`ProjectEvent` with the old and new values."""

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

from jiesu.core.steps import perform_step
from jiesu.projects.lock_objects import project_lock
from jiesu.projects.models import Project, ProjectEvent
from jiesu.projects.states import PROJECT

CHANGED = "该项目已被他人修改，请刷新后重试。"

# a change mutates the locked project and returns (old, new) dicts of what it changed
Change = Callable[[Project], tuple[dict, dict]]


def project_perform(
    *,
    project_id: int,
    action: str,
    actor,
    change: Change,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Project:
    return perform_step(
        lock=lambda: project_lock(project_id=project_id),
        machine=PROJECT,
        action=action,
        actor=actor,
        change=change,
        event_model=ProjectEvent,
        subject="project",
        note=note,
        expected_version=expected_version,
        at=now or timezone.now(),
        stale_message=CHANGED,
    )
