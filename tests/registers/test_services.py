"""A point's loop and a task's steps through the services: allowed moves with their times and one
audited event each; forbidden moves and bad input raise a clear Chinese error and change nothing."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from jiesu.core.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from jiesu.registers import services
from jiesu.registers.models import Point, PointEvent, Source
from jiesu.registers.states import POINT, PointAction, PointStatus
from jiesu.workorders.models import WorkOrder
from tests.factories import WorkOrderFactory
from tests.registers.conftest import at, leak_register, point

pytestmark = pytest.mark.django_db


def snapshot(p: Point) -> tuple:
    p = Point.objects.get(pk=p.pk)
    return (p.status, p.version, p.cadre_id, p.repaired_at, p.revisited_at, p.events.count())


def test_the_whole_loop_records_each_step_time_and_one_event(street):
    register = leak_register(street)
    p = point(street, register, building="5", entrance="2", room="601", now=at("2024-04-02 09:00"))
    assert (p.status, p.place_name, p.due_on) == (PointStatus.REGISTERED, "5号楼2单元601", date(2024, 4, 17))
    services.point_assign(
        point_id=p.pk, actor=street["community"], cadre=street["cadre"], now=at("2024-04-02 10:00")
    )
    services.point_respond(
        point_id=p.pk, actor=street["cadre"], note="已入户查看", now=at("2024-04-02 11:00")
    )
    services.point_repair(
        point_id=p.pk, actor=street["property"], note="屋面重做防水", now=at("2024-05-31 16:00")
    )
    services.point_revisit(point_id=p.pk, actor=street["community"], solved=True, now=at("2024-06-05 10:00"))
    p.refresh_from_db()
    assert p.status == PointStatus.REVISITED
    assert [p.registered_at, p.assigned_at, p.responded_at, p.repaired_at, p.revisited_at] == [
        at("2024-04-02 09:00"), at("2024-04-02 10:00"), at("2024-04-02 11:00"),
        at("2024-05-31 16:00"), at("2024-06-05 10:00"),
    ]  # fmt: skip
    events = list(PointEvent.objects.filter(point=p).order_by("at"))
    assert [e.kind for e in events] == ["register", "assign", "respond", "repair", "revisit"]
    assert [e.actor.username for e in events] == ["sq", "sq", "sq3", "wy", "sq"]
    assert events[3].old == {"status": "responded"} and events[3].new["status"] == "repaired"
    assert events[1].new["cadre"] == street["cadre"].pk


def test_a_revisit_that_finds_it_unsolved_sends_the_point_back(street):
    p = point(street, leak_register(street))
    services.point_assign(point_id=p.pk, actor=street["community"], cadre=street["cadre"])
    services.point_respond(point_id=p.pk, actor=street["cadre"])
    services.point_repair(point_id=p.pk, actor=street["cadre"], note="临时封堵")
    with pytest.raises(ValidationFailed, match="回访情况"):
        services.point_revisit(point_id=p.pk, actor=street["community"], solved=False)
    p = services.point_revisit(point_id=p.pk, actor=street["community"], solved=False, note="仍在渗水")
    assert (p.status, p.repaired_at) == (PointStatus.RESPONDED, None)
    assert p.events.last().kind == PointAction.REOPEN


@pytest.mark.parametrize(
    "status", [PointStatus.REGISTERED, PointStatus.ASSIGNED, PointStatus.REVISITED, PointStatus.CANCELLED]
)
def test_repair_is_allowed_only_after_the_response(street, status):
    p = point(street, leak_register(street))
    Point.objects.filter(pk=p.pk).update(status=status)
    before = snapshot(p)
    with pytest.raises(TransitionNotAllowed, match="不能执行「上门维修」"):
        services.point_repair(point_id=p.pk, actor=street["community"], note="修好了")
    assert snapshot(p) == before


def test_the_table_allows_exactly_the_loop():
    assert POINT.allowed(PointStatus.REGISTERED) == [
        PointAction.ASSIGN,
        PointAction.CANCEL,
        PointAction.LINK_ORDER,
        PointAction.ESCALATE,  # the deadline scan's, no person's (test_scan)
    ]
    assert set(POINT.allowed(PointStatus.REPAIRED)) == {
        PointAction.REVISIT,
        PointAction.REOPEN,
        PointAction.LINK_ORDER,
        PointAction.ESCALATE,
    }
    assert POINT.allowed(PointStatus.CANCELLED) == []


def test_who_may_act(street):
    register = leak_register(street)
    p = point(street, register)
    for name in ("other_community", "other_property", "department", "leader", "grid_worker"):
        with pytest.raises(NotPermitted):
            services.point_assign(point_id=p.pk, actor=street[name], cadre=street["cadre"])
    with pytest.raises(NotPermitted):
        services.point_register(
            actor=street["other_community"], register=register, description="x", source=Source.VISIT
        )
    # a grid worker reports a point (网格上报); the property may not cancel it
    grid = point(street, register, actor=street["grid_worker"], source=Source.GRID)
    with pytest.raises(NotPermitted):
        services.point_cancel(point_id=grid.pk, actor=street["property"], reason="重复")
    with pytest.raises(NotPermitted):
        services.register_open(actor=street["community"], compound=street.other_compound, topic=street.topic)
    assert snapshot(p)[0] == PointStatus.REGISTERED


def test_bad_input_is_refused_in_chinese_and_changes_nothing(street):
    register = leak_register(street)
    with pytest.raises(ValidationFailed, match="没有 99 号楼"):
        point(street, register, building="99")
    with pytest.raises(ValidationFailed, match="请填写问题描述"):
        point(street, register, description="  ")
    with pytest.raises(ValidationFailed, match="台账已经建立"):
        leak_register(street)
    p = point(street, register)
    with pytest.raises(ValidationFailed, match="包户干部须是本社区"):
        services.point_assign(point_id=p.pk, actor=street["community"], cadre=street["other_community"])
    with pytest.raises(ValidationFailed, match="请填写维修情况"):
        services.point_assign(point_id=p.pk, actor=street["community"], cadre=street["cadre"])
        services.point_respond(point_id=p.pk, actor=street["cadre"])
        services.point_repair(point_id=p.pk, actor=street["cadre"], note="")
    assert Point.objects.count() == 1


def test_a_stale_version_is_refused(street):
    p = point(street, leak_register(street))
    services.point_assign(point_id=p.pk, actor=street["community"], cadre=street["cadre"])
    with pytest.raises(Exception, match="已被他人修改"):
        services.point_respond(point_id=p.pk, actor=street["cadre"], expected_version=1)


def test_a_point_from_an_order_in_one_click(street):
    order = WorkOrderFactory(
        community=street.community,
        compound=street.compound,
        building=street.compound.buildings.get(number="13"),
        category=street.leak,
        title="13号楼顶层漏雨",
    )
    p = services.point_from_order(actor=street["community"], order=order)
    assert (p.register.topic, p.building.number, p.source, p.source_ref) == (
        street.topic,
        "13",
        Source.ORDER,
        order.number,
    )
    assert list(p.orders.all()) == [order]
    with pytest.raises(ValidationFailed, match="已建为点位"):
        services.point_from_order(actor=street["community"], order=order)
    outsider = WorkOrderFactory(
        community=street.other_community, compound=street.other_compound, category=street.leak
    )
    with pytest.raises(NotPermitted):
        services.point_from_order(actor=street["community"], order=outsider)


def test_linking_orders_checks_scope_and_compound(street):
    p = point(street, leak_register(street))
    here = WorkOrderFactory(community=street.community, compound=street.compound, category=street.leak)
    there = WorkOrderFactory(community=street.other_community, compound=street.other_compound)
    services.point_link_orders(point_id=p.pk, actor=street["community"], orders=[here])
    with pytest.raises(ValidationFailed):
        services.point_link_orders(point_id=p.pk, actor=street["community"], orders=[there])
    with pytest.raises(ValidationFailed, match="已关联"):
        services.point_link_orders(point_id=p.pk, actor=street["community"], orders=[here])
    assert list(p.orders.all()) == [here] and WorkOrder.objects.count() == 2


def test_a_campaign_task_moves_todo_doing_done(street):
    campaign = services.campaign_plan(
        actor=street["dispatcher"],
        name="2024 汛期防漏雨",
        topic=street.topic,
        starts_on=date(2024, 6, 1),
        ends_on=date(2024, 9, 30),
        compounds=[street.compound],
    )
    task = services.campaign_task_add(
        actor=street["dispatcher"],
        campaign=campaign,
        title="雨水管道清掏",
        compound=street.compound,
        owner=street["property"],
        due_on=date(2024, 5, 31),
    )
    services.task_start(task_id=task.pk, actor=street["property"])
    with pytest.raises(TransitionNotAllowed):
        services.task_start(task_id=task.pk, actor=street["property"])
    with pytest.raises(NotPermitted):
        services.task_finish(task_id=task.pk, actor=street["other_community"], result="完成")
    task = services.task_finish(task_id=task.pk, actor=street["property"], result="清掏 12 处")
    assert task.status == "done" and task.done_at is not None
    assert list(task.events.values_list("kind", flat=True)) == ["create", "start", "finish"]
    with pytest.raises(NotPermitted):
        services.campaign_plan(
            actor=street["community"], name="x", topic=street.topic, starts_on=date(2024, 6, 1),
            ends_on=date(2024, 9, 30), compounds=[street.compound],
        )  # fmt: skip
    with pytest.raises(ValidationFailed, match="不在该专项行动"):
        services.campaign_task_add(
            actor=street["dispatcher"], campaign=campaign, title="屋面检查", compound=street.other_compound,
            owner=street["property"], due_on=date(2024, 5, 31),
        )  # fmt: skip


def test_events_are_append_only(street):
    p = point(street, leak_register(street))
    event = p.events.get()
    event.note = "改写"
    with pytest.raises(RuntimeError, match="只能追加"):
        event.save()
    if connection.vendor == "postgresql":  # the database itself refuses too
        with pytest.raises(DatabaseError), transaction.atomic():
            PointEvent.objects.filter(pk=event.pk).update(note="改写")
