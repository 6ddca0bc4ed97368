"""Two people act at the same moment: two staff confirm the same proposal into two topics, two
reports race a confirmation. Row locks make the second see the first. PostgreSQL only."""

import threading
import time
from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from jiesu.core import steps
from jiesu.core.errors import DomainError
from jiesu.deliberation import services
from jiesu.deliberation.models import DeliberationEvent, Task, TopicSubmission
from jiesu.deliberation.services import topics

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="races need PostgreSQL row locks (SELECT … FOR UPDATE)"
)


def race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # asserted by the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def slow(monkeypatch):
    for module in (steps, topics):
        record = module.event_record

        def slow_record(*args, _record=record, **kwargs):
            time.sleep(0.15)
            return _record(*args, **kwargs)

        monkeypatch.setattr(module, "event_record", slow_record)


@postgres_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_proposal_goes_into_one_topic_only(street, slow):
    submission = services.submission_create(
        programme_id=street.programme.pk,
        actor=street["community"],
        channel="mailbox",
        content="停车难，消防通道被占",
    )
    month = timezone.localdate()

    def confirm(actor, title):
        return lambda: services.topics_confirm(
            programme_id=street.programme.pk, month=month, actor=actor,
            picks=[services.Pick(title=title, submission_ids=[submission.pk])],
        )  # fmt: skip

    outcomes = race(confirm(street["community"], "停车"), confirm(street["dispatcher"], "消防通道"))
    assert sum(isinstance(o, DomainError) for o in outcomes) == 1
    assert TopicSubmission.objects.get(pk=submission.pk).topic is not None
    assert DeliberationEvent.objects.filter(kind="topics_confirmed").count() == 1


@postgres_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_confirmation_and_a_report_race_on_one_task(street, slow):
    from tests.deliberation.test_views import _loop

    task = _loop(
        street, street.programme, street["community"], street.housing, "停车位不足消防通道被占", date.today()
    )["task"]
    services.task_report(task_id=task.pk, actor=street["department"], progress="第一次反馈")
    outcomes = race(
        lambda: services.task_confirm(task_id=task.pk, actor=street["community"], expected_version=2),
        lambda: services.task_send_back(
            task_id=task.pk, actor=street["dispatcher"], reason="不行", expected_version=2
        ),
    )
    assert sum(isinstance(o, DomainError) for o in outcomes) == 1
    task = Task.objects.get(pk=task.pk)
    assert task.status in ("solved", "open") and task.version == 3
    assert DeliberationEvent.objects.filter(task=task).count() == 2
