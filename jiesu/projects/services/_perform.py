"""The one path every step on a project takes, in one transaction:

1. lock the project row (`lock_objects.project_lock`);
2. compare the version the person saw → ConcurrentChange;
3. ask the table for the new status → TransitionNotAllowed;
4. ask the access policy → NotPermitted (`actor` None is the system);
5. apply the change, bump the version and write ONE `ProjectEvent` (old and new values).
"""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import ConcurrentChange
from jiesu.core.events import event_record
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
    now = now or timezone.now()
    with transaction.atomic():
        project = project_lock(project_id=project_id)
        if expected_version is not None and project.version != expected_version:
            raise ConcurrentChange(CHANGED)
        old_status = project.status
        new_status = PROJECT.target(action, old_status)
        if actor is not None:
            access.ensure(actor, action, project)
        old, new = change(project)
        if new_status != old_status:
            old, new = {"status": old_status, **old}, {"status": new_status, **new}
            project.status = new_status
        project.version += 1
        project.save()
        event_record(
            ProjectEvent, kind=action, actor=actor, old=old, new=new, note=note, at=now, project=project
        )
    return project
