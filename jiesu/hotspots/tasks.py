"""Scheduled hotspot jobs. Safe to run twice."""

from celery import shared_task

from jiesu.hotspots.services import hotspot_scan


@shared_task
def hotspot_scan_task() -> dict:
    """The periodic hotspot scan (Celery beat, every 10 minutes); returns the counts."""
    return hotspot_scan().as_dict()
