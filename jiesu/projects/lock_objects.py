"""Named row locks: every step on a project locks the project's row first."""

from jiesu.projects.models import Project


def project_lock(*, project_id: int) -> Project:
    return Project.objects.select_for_update().get(pk=project_id)
