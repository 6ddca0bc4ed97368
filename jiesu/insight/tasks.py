"""Celery: keep the summaries current (beat: every minute). Idempotent and safe to run twice."""

from celery import shared_task

from jiesu.insight.rollup import insight_refresh


@shared_task(name="jiesu.insight.tasks.insight_refresh_task")
def insight_refresh_task() -> dict:
    result = insight_refresh(wait=False)
    return {"mode": result.mode, "orders": result.orders}
