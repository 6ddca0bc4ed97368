"""Starting imports and exports that run in the background (`core.background.job_start`)."""

from django.http import QueryDict

from jiesu.accounts import access
from jiesu.core.background import job_start
from jiesu.core.models import Job
from jiesu.intake.files import job_file_save
from jiesu.workorders.models import WorkOrder

IMPORT_KIND = "import"
EXPORT_KIND = "export"


def import_start(*, upload, filename: str, mapping: dict | None, dry_run: bool, actor) -> Job:
    """Keep the upload in the private job folder and queue its import (dry run or real), which runs
    after this transaction commits; the page then follows the job's progress."""
    access.ensure(actor, "import", WorkOrder, "只有派单员或中心管理员可以导入工单。")
    name = job_file_save(kind="import", upload=upload, original=filename)
    return job_start(
        kind=IMPORT_KIND,
        label=f"{'试运行' if dry_run else '导入'}「{filename}」",
        function="jiesu.intake.jobs.import_run",
        arguments={"name": name, "filename": filename, "mapping": mapping, "dry_run": dry_run},
        actor=actor,
    )


def export_start(*, query: QueryDict, actor) -> Job:
    """Queue an export of the order list under `query` (its filters), for `actor` only."""
    return job_start(
        kind=EXPORT_KIND,
        label="导出工单（Excel）",
        function="jiesu.intake.jobs.export_run",
        arguments={"query": {key: query.getlist(key) for key in query}},
        actor=actor,
    )
