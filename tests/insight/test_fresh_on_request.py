"""A dashboard request never rebuilds the summaries itself: a large backlog goes to the background."""

import pytest

from jiesu.core.models import Job
from jiesu.insight import rollup
from jiesu.insight.rollup import insight_ensure_fresh, insight_rebuild
from tests.factories import WorkOrderFactory

pytestmark = pytest.mark.django_db


def test_a_small_backlog_is_applied_in_the_request():
    insight_rebuild()
    WorkOrderFactory()
    assert insight_ensure_fresh() is True
    assert rollup.insight_backlog() == 0
    assert not Job.objects.exists()


def test_a_large_backlog_starts_one_background_rebuild_and_the_request_does_not_wait(
    monkeypatch, django_capture_on_commit_callbacks
):
    insight_rebuild()
    monkeypatch.setattr(rollup, "ON_REQUEST_LIMIT", 2)
    for _ in range(3):
        WorkOrderFactory()

    def no_rebuild_here(*args, **kwargs):
        raise AssertionError("the request rebuilt the summaries itself")

    monkeypatch.setattr(rollup, "_rebuild", no_rebuild_here)
    with django_capture_on_commit_callbacks(execute=False):
        assert insight_ensure_fresh() is False
        assert insight_ensure_fresh() is False  # one job at a time
    assert Job.objects.filter(kind=rollup.REBUILD_JOB).count() == 1


def test_never_built_summaries_are_built_in_the_background(django_capture_on_commit_callbacks):
    WorkOrderFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert insight_ensure_fresh() is False
    job = Job.objects.get(kind=rollup.REBUILD_JOB)
    assert job.status == Job.Status.DONE and job.result["mode"] == "rebuild"
    assert rollup.insight_backlog() == 0
