"""Scheduled work-order jobs. Each calls one service and is safe to run twice."""

from celery import shared_task

from jiesu.workorders.services import sla_scan


@shared_task
def sla_scan_task() -> dict:
    """The periodic SLA scan (schedule it with Celery beat); returns the counts."""
    return sla_scan().as_dict()
