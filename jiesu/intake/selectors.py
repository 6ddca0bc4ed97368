"""Reads for the import and export pages: a user's jobs, and the orders an import warned about."""

from django.db.models import QuerySet

from jiesu.accounts import access
from jiesu.core.models import Job
from jiesu.intake.models import ImportIssue
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.selectors import workorder_scope


def job_for(*, user, job_id: int, kind: str) -> Job | None:
    """A job of `kind` the user may see (their own; every job for the centre admin), else None."""
    return access.scope(user, Job).filter(pk=job_id, kind=kind).first()


def import_jobs_recent(*, user, limit: int = 5) -> QuerySet[Job]:
    return Job.objects.filter(kind="import", created_by=user).order_by("-created_at", "-id")[:limit]


def import_issue_orders(*, user, job: Job, kind: str = "") -> QuerySet[WorkOrder]:
    """The orders (within the user's scope) that `job` warned about, of one kind or of any."""
    issues = ImportIssue.objects.filter(job=job)
    if kind:
        issues = issues.filter(kind=kind)
    return (
        workorder_scope(user=user)
        .filter(pk__in=issues.values("order_id"))
        .select_related("category", "community", "compound", "lead_unit")
        .order_by("number", "id")
    )
