"""Scheduled jobs run from the work-order app. Each is safe to run twice."""

from celery import shared_task

from jiesu.core.extensions import deadline_scans


def deadline_scans_run() -> dict:
    """Every registered deadline check; the orders' counts at the top level, the others by key."""
    results = {key: scan(now=None) for key, scan in deadline_scans.keyed()}
    return {**results.pop("workorders", {}), **results}


@shared_task
def sla_scan_task() -> dict:
    """The periodic deadline scan (schedule it with Celery beat); returns the counts."""
    return deadline_scans_run()
