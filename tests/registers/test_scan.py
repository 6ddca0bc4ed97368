"""Overdue points and campaign tasks are flagged 逾期督办 by the periodic deadline scan (`jiesu
sla-scan`): once, with one audited event by the system; a later run writes nothing; the lists and
the point page show the flag, and the overdue tiles still equal their lists."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from jiesu.accounts import access
from jiesu.core.extensions import workbench_tiles
from jiesu.registers import services
from jiesu.registers.models import CampaignTask, Point, PointEvent, TaskEvent
from jiesu.registers.states import PointAction, TaskAction
from jiesu.workorders.tasks import deadline_scans_run
from tests.registers.conftest import at, leak_register, point

pytestmark = pytest.mark.django_db


def campaign_task(street, *, due_on=date(2024, 5, 31)) -> CampaignTask:
    campaign = services.campaign_plan(
        actor=street["dispatcher"], name="2024 汛期防漏雨", topic=street.topic, starts_on=date(2024, 5, 1),
        ends_on=date(2024, 9, 30), compounds=[street.compound], now=at("2024-04-08 09:00"),
    )  # fmt: skip
    return services.campaign_task_add(
        actor=street["dispatcher"], campaign=campaign, title="雨水管道清掏", compound=street.compound,
        owner=street["property"], due_on=due_on, now=at("2024-04-08 09:00"),
    )  # fmt: skip


def escalations() -> list:
    return list(PointEvent.objects.filter(kind="escalate").values_list("point_id", "actor")) + list(
        TaskEvent.objects.filter(kind="escalate").values_list("task_id", "actor")
    )


def test_an_overdue_point_and_task_are_flagged_once(street):
    # given a point registered on 8 April (revisit due 23 April) and one already revisited, and a
    # task due 31 May
    register = leak_register(street)
    late = point(street, register)
    done = point(street, register, building="13")
    services.point_assign(point_id=done.pk, actor=street["community"], cadre=street["cadre"])
    services.point_respond(point_id=done.pk, actor=street["cadre"])
    services.point_repair(point_id=done.pk, actor=street["cadre"], note="重做防水")
    services.point_revisit(point_id=done.pk, actor=street["community"], solved=True)
    task = campaign_task(street)

    # on its due date nothing is late
    quiet = services.register_deadline_scan(now=at("2024-04-23 18:00"))
    assert quiet == {"points_overdue": 0, "points_escalated": 0, "tasks_overdue": 0, "tasks_escalated": 0}

    # the day after, the open point is flagged (the revisited one is not); the task still has time
    first = services.register_deadline_scan(now=at("2024-04-24 02:00"))
    assert (first["points_escalated"], first["tasks_escalated"]) == (1, 0)
    late = Point.objects.get(pk=late.pk)
    assert late.escalated_at == at("2024-04-24 02:00") and late.status == "registered"
    event = late.events.get(kind=PointAction.ESCALATE)
    assert event.actor is None and event.old == {"escalated_at": None}
    assert event.new["due_on"] == "2024-04-23" and "督办" in event.note
    version = late.version

    # in June the task is flagged too; the point is not flagged again and nothing else is written
    again = services.register_deadline_scan(now=at("2024-06-01 09:00"))
    assert again == {"points_overdue": 0, "points_escalated": 0, "tasks_overdue": 1, "tasks_escalated": 1}
    assert services.register_deadline_scan(now=at("2024-06-02 09:00"))["tasks_overdue"] == 0
    assert Point.objects.get(pk=late.pk).version == version
    assert escalations() == [(late.pk, None), (task.pk, None)]
    assert TaskEvent.objects.get(kind=TaskAction.ESCALATE).new["due_on"] == "2024-05-31"


def test_no_person_may_escalate(street):
    p = point(street, leak_register(street))
    task = campaign_task(street)
    for role in ("dispatcher", "community", "cadre", "property"):
        assert not access.can(street[role], PointAction.ESCALATE, p)
        assert not access.can(street[role], TaskAction.ESCALATE, task)


def test_the_sla_scan_command_runs_the_register_scan(street):
    point(street, leak_register(street))  # in 2024: long overdue today
    campaign_task(street)
    assert deadline_scans_run()["registers"]["points_escalated"] == 1
    call_command("sla-scan", stdout=StringIO())
    assert len(escalations()) == 2  # the task once, the point not twice


def test_the_lists_show_the_flag_and_the_tiles_still_equal_them(client, street):
    register = leak_register(street)
    p = point(street, register)
    point(street, register, building="13")
    task = campaign_task(street)
    services.register_deadline_scan()
    client.force_login(street["community"])
    points = client.get(reverse("point_list"), {"queue": "overdue"}).content.decode()
    assert points.count("已督办") == 2
    assert "已督办" in client.get(reverse("point_detail", args=[p.pk])).content.decode()
    assert "逾期督办" in client.get(reverse("point_detail", args=[p.pk])).content.decode()  # the timeline
    tasks = client.get(reverse("task_list"), {"queue": "overdue"}).content.decode()
    assert "已督办" in tasks and task.title in tasks
    with workbench_tiles.only("registers"):
        tiles = {
            t.label: t.count for provider in workbench_tiles.items() for t in provider(street["community"])
        }
    assert (tiles["逾期点位"], tiles["逾期专项任务"]) == (2, 1)
    # a point revisited after its flag no longer shows it
    services.point_assign(point_id=p.pk, actor=street["community"], cadre=street["cadre"])
    services.point_respond(point_id=p.pk, actor=street["cadre"])
    services.point_repair(point_id=p.pk, actor=street["cadre"], note="重做防水")
    services.point_revisit(point_id=p.pk, actor=street["community"], solved=True)
    assert client.get(reverse("point_list")).content.decode().count("已督办") == 1
