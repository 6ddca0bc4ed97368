"""Two people act on one point or one task at the same moment: exactly one step wins, the other
learns the point moved on, and the events form one chain. Needs real row locks: PostgreSQL only."""

import threading
import time
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection

from jiesu.core import steps
from jiesu.core.errors import DomainError
from jiesu.registers import services
from jiesu.registers.models import Point, PointEvent
from tests.registers.conftest import leak_register, point

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
def test_two_people_repair_the_same_point_once(street, slow_commit):
    p = point(street, leak_register(street))
    services.point_assign(point_id=p.pk, actor=street["community"], cadre=street["cadre"])
    services.point_respond(point_id=p.pk, actor=street["cadre"])
    outcomes = race(
        cadre=lambda: services.point_repair(point_id=p.pk, actor=street["cadre"], note="包户干部记录"),
        property=lambda: services.point_repair(point_id=p.pk, actor=street["property"], note="物业记录"),
    )
    errors = [o for o in outcomes.values() if isinstance(o, DomainError)]
    assert len(errors) == 1 and "已维修" in errors[0].message
    assert PointEvent.objects.filter(point=p, kind="repair").count() == 1
    assert Point.objects.get(pk=p.pk).version == 4


@race_test
def test_cancel_and_assign_at_once_leave_one_consistent_outcome(street, slow_commit):
    p = point(street, leak_register(street))
    outcomes = race(
        cancel=lambda: services.point_cancel(point_id=p.pk, actor=street["community"], reason="重复"),
        assign=lambda: services.point_assign(
            point_id=p.pk, actor=street["dispatcher"], cadre=street["cadre"]
        ),
    )
    p.refresh_from_db()
    chain = ["registered"]
    for event in PointEvent.objects.filter(point=p).exclude(kind="register").order_by("id"):
        if "status" in event.new:
            assert event.old["status"] == chain[-1]
            chain.append(event.new["status"])
    assert chain[-1] == p.status
    assert sum(isinstance(o, DomainError) for o in outcomes.values()) <= 1


@race_test
def test_two_owners_finish_one_task_once(street, slow_commit):
    campaign = services.campaign_plan(
        actor=street["dispatcher"], name="汛期", topic=street.topic, starts_on=date(2024, 6, 1),
        ends_on=date(2024, 9, 30), compounds=[street.compound],
    )  # fmt: skip
    task = services.campaign_task_add(
        actor=street["dispatcher"], campaign=campaign, title="清掏", compound=street.compound,
        owner=street["property"], due_on=date(2024, 5, 31),
    )  # fmt: skip
    outcomes = race(
        owner=lambda: services.task_finish(task_id=task.pk, actor=street["property"], result="完成"),
        community=lambda: services.task_finish(task_id=task.pk, actor=street["community"], result="完成"),
    )
    assert sum(isinstance(o, DomainError) for o in outcomes.values()) == 1
    assert task.events.filter(kind="finish").count() == 1


@race_test
def test_two_deadline_scans_at_once_flag_an_overdue_point_once(street, slow_commit):
    p = point(street, leak_register(street))  # due 23 April 2024: long overdue
    outcomes = race(first=services.register_deadline_scan, second=services.register_deadline_scan)
    assert sorted(o["points_escalated"] for o in outcomes.values()) == [0, 1]
    assert PointEvent.objects.filter(point=p, kind="escalate").count() == 1
