from celery import shared_task

from jiesu.core.background import job_run


@shared_task
def job_run_task(job_id: int) -> None:
    job_run(job_id=job_id)
