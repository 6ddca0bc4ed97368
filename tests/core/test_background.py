import pytest
from django.urls import reverse

from jiesu.core.background import job_progress, job_run, job_start
from jiesu.core.extensions import job_result_templates
from jiesu.core.models import Job
from tests.factories import DispatcherFactory, UserFactory


def counting_job(*, job, upto: int) -> dict:
    for done in range(1, upto + 1):
        job_progress(job, done=done, total=upto)
    return {"counted": upto}


def failing_job(*, job) -> dict:
    raise RuntimeError("the file went away")


@pytest.mark.django_db
def test_a_job_runs_after_commit_records_progress_and_result(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="count", function=f"{__name__}.counting_job", arguments={"upto": 3})
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.result) == (Job.Status.DONE, 3, 3, {"counted": 3})
    job_run(job_id=job.pk)  # a second run leaves a finished job alone
    job.refresh_from_db()
    assert job.status == Job.Status.DONE


@pytest.mark.django_db
def test_a_failing_job_is_marked_failed_with_the_reason(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="fail", function=f"{__name__}.failing_job")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "the file went away" in job.error


@pytest.mark.django_db
def test_a_wrong_function_path_fails_at_start_not_in_the_background():
    with pytest.raises(ImportError):
        job_start(kind="x", function="jiesu.nowhere.nothing")
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_the_status_page_is_for_who_started_it(client, django_capture_on_commit_callbacks):
    owner = DispatcherFactory()
    job_result_templates.register("count", "core/_job.html")  # any template; checks the lookup
    try:
        with django_capture_on_commit_callbacks(execute=False):
            job = job_start(
                kind="count", function=f"{__name__}.counting_job", arguments={"upto": 1}, actor=owner
            )
        client.force_login(UserFactory())
        assert client.get(reverse("job_status", args=[job.pk])).status_code == 404
        client.force_login(owner)
        page = client.get(reverse("job_status", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
        assert "排队中" in page and "every 1s" in page
    finally:
        job_result_templates.unregister("count")
