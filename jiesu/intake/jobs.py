"""The background jobs of intake (run by `core.background`): an import and a large export.

Each takes the ids and names its `job.arguments` hold, reloads what it needs, reports progress on
its Job, and returns a small JSON result that the page shows with the template registered for its
kind (`intake/_import_result.html`, `intake/_export_result.html`).
"""

import tempfile
import time

from django.core.files import File
from django.http import QueryDict
from django.utils import timezone

from jiesu.core.background import job_progress
from jiesu.core.errors import DomainError
from jiesu.core.models import Job
from jiesu.intake.exporting import orders_export_write
from jiesu.intake.files import job_file_delete, job_file_name, job_files_cleanup, job_storage
from jiesu.intake.importing import orders_import
from jiesu.intake.models import ImportIssue
from jiesu.workorders.filters import filters_from_query

PROGRESS_EVERY_SECONDS = 0.5
ISSUES_BATCH = 500


class _Progress:
    """job_progress at most twice a second (each is one short UPDATE), and always at the end."""

    def __init__(self, job: Job):
        self.job = job
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self.last >= PROGRESS_EVERY_SECONDS:
            job_progress(self.job, done=done, total=total)
            self.last = now


class _Issues:
    """Which orders each kind of warning concerns, written in batches (short transactions)."""

    def __init__(self, job: Job):
        self.job = job
        self.batch: list[ImportIssue] = []

    def __call__(self, row: int, kind: str, order_id: int | None) -> None:
        if order_id is None:
            return
        self.batch.append(ImportIssue(job=self.job, row=row, kind=kind, order_id=order_id))
        if len(self.batch) >= ISSUES_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            ImportIssue.objects.bulk_create(self.batch)
            self.batch = []


def import_run(
    *, job: Job, name: str, filename: str, mapping: dict | None = None, dry_run: bool = False
) -> dict:
    """Import the uploaded file stored as `name`, as the person who started the job; the file is
    removed afterwards, whatever happens."""
    job_files_cleanup()
    issues = None if dry_run else _Issues(job)
    try:
        with job_storage().open(name, "rb") as file:
            report = orders_import(
                source=file,
                filename=filename,
                mapping=mapping,
                dry_run=dry_run,
                actor=job.created_by,
                progress=_Progress(job),
                on_warning=issues,
                bounded=True,
            )
    except DomainError as refused:  # an unusable file, or a person no longer allowed to import
        return {"refused": refused.message, "filename": filename, "dry_run": dry_run}
    finally:
        if issues is not None:
            issues.flush()
        job_file_delete(name)
    return {**report.as_result(), "job": job.pk}


def export_run(*, job: Job, query: dict) -> dict:
    """Write the orders the job's creator sees under the list filters `query` to a private file,
    kept until they download it (once) or for a day."""
    job_files_cleanup()
    params = QueryDict(mutable=True)
    for key, values in query.items():
        params.setlist(key, values if isinstance(values, list) else [values])
    filters = filters_from_query(params)
    with tempfile.TemporaryFile(suffix=".xlsx") as scratch:
        rows = orders_export_write(
            user=job.created_by,
            filters=filters,
            target=scratch,
            progress=_Progress(job),
        )
        scratch.seek(0)
        name = job_storage().save(job_file_name("export", ".xlsx"), File(scratch))
    filename = f"工单导出-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    return {"rows": rows, "name": name, "filename": filename, "downloaded": False}
