"""Two people act on one project at the same moment: the row lock makes the second see the first.

The races need real row locks and parallel connections: PostgreSQL only.
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection

from jiesu.core import steps
from jiesu.core.errors import TransitionNotAllowed
from jiesu.projects import services
from jiesu.projects.models import Project, ProjectEvent
from tests.projects.conftest import propose

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="races need PostgreSQL row locks (SELECT … FOR UPDATE)"
)


def race_test(test):
    return postgres_only(pytest.mark.postgres(pytest.mark.django_db(transaction=True)(test)))


@pytest.fixture
def slow_commit(monkeypatch):
    record = steps.event_record

    def slow_record(*args, **kwargs):
        time.sleep(0.15)
        return record(*args, **kwargs)

    monkeypatch.setattr(steps, "event_record", slow_record)


def race(**calls: Callable[[], object]) -> dict[str, object]:
    barrier = threading.Barrier(len(calls))
    outcomes: dict[str, object] = {}

    def run(name: str, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[name] = call()
        except Exception as error:  # every outcome is asserted by the test
            outcomes[name] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a racer hung (deadlock?)"
    return outcomes


@race_test
def test_approve_and_reject_at_once_one_wins(street, slow_commit):
    project = propose(street)
    services.project_submit(project_id=project.pk, actor=street["community"])
    outcomes = race(
        approve=lambda: services.project_approve(
            project_id=project.pk, actor=street["dispatcher"], owner_unit=street.housing
        ),
        reject=lambda: services.project_reject(
            project_id=project.pk, actor=street["centre_admin"], reason="重复"
        ),
    )
    errors = [o for o in outcomes.values() if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], TransitionNotAllowed)
    project.refresh_from_db()
    moves = list(ProjectEvent.objects.filter(project=project, kind__in=["approve", "reject"]))
    assert len(moves) == 1 and moves[0].new["status"] == project.status


@race_test
def test_two_funding_changes_chain_old_to_new(street, slow_commit):
    project = propose(street)
    outcomes = race(
        one=lambda: services.project_funding_set(
            project_id=project.pk, actor=street["dispatcher"], budget=100, lines=[("district", 100, "")]
        ),
        two=lambda: services.project_funding_set(
            project_id=project.pk, actor=street["community"], budget=200, lines=[("party", 200, "")]
        ),
    )
    assert not any(isinstance(o, Exception) for o in outcomes.values())
    first, second = ProjectEvent.objects.filter(project=project, kind="funding").order_by("id")
    assert second.old["funding"] == first.new["funding"] and second.old["budget"] == first.new["budget"]
    project = Project.objects.get(pk=project.pk)
    assert project.version == 3 and str(project.budget) == second.new["budget"]
