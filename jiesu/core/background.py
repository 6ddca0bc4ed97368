"""Background work without blocking the request, with or without a broker.

    job = job_start(kind="import", label="导入 12345.xlsx", function="jiesu.intake.jobs.import_run",
                    arguments={"path": ..., "dry_run": False}, actor=request.user)
    # the page polls core:job_status (htmx) and shows job.done / job.total, then job.result

`function` is the dotted path of a function `fn(*, job, **arguments) -> dict`; it may call
`job_progress(job, done=..., total=...)` as it goes; what it returns becomes `job.result`.

Where it runs (settings.JIESU_BACKGROUND):
- "celery" (the default when CELERY_BROKER_URL is set): a Celery worker (`core.tasks.job_run_task`);
- "thread" (the default without a broker): a daemon thread in this process, started after commit;
- "inline" (tests): right after commit, in the same thread.
A job is started only once its row has committed; running it twice does nothing the second time.
"""

import logging
import threading
import traceback

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from jiesu.core.models import Job

logger = logging.getLogger(__name__)


def background_mode() -> str:
    mode = getattr(settings, "JIESU_BACKGROUND", "")
    if mode:
        return mode
    return "celery" if getattr(settings, "CELERY_BROKER_URL", "") else "thread"


def job_start(*, kind: str, function: str, arguments: dict | None = None, label: str = "", actor=None) -> Job:
    import_string(function)  # fail now, not in the background, on a wrong path
    job = Job.objects.create(
        kind=kind,
        label=label[:200],
        function=function,
        arguments=arguments or {},
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def _dispatch(job_id: int) -> None:
    mode = background_mode()
    if mode == "celery":
        from jiesu.core.tasks import job_run_task

        job_run_task.delay(job_id)
    elif mode == "inline":
        job_run(job_id=job_id)
    else:
        threading.Thread(target=_in_thread, args=(job_id,), name=f"jiesu-job-{job_id}", daemon=True).start()


def _in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        job_run(job_id=job_id)
    finally:
        connections.close_all()


def job_run(*, job_id: int) -> None:
    """Run a queued job (safe to call twice: a job that is not queued any more is left alone)."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    try:
        result = import_string(job.function)(job=job, **job.arguments)
    except Exception as error:  # the job fails, the process goes on
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            error=f"{error}\n\n{traceback.format_exc(limit=5)}"[:4000],
            finished_at=timezone.now(),
        )
        return
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE, result=result or {}, finished_at=timezone.now(), done=_final(job)
    )


def _final(job: Job) -> int:
    latest = Job.objects.filter(pk=job.pk).values_list("done", "total").get()
    return max(latest[0], latest[1])


def job_progress(job: Job, *, done: int, total: int | None = None) -> None:
    """Record how far a job is (a single UPDATE outside the job's own transactions)."""
    fields = {"done": done}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)
    job.done = done
    if total is not None:
        job.total = total
