"""The lifecycle services beyond the transition table: what each one requires, changes and records."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser

from jiesu.core.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from jiesu.workorders import services
from jiesu.workorders.models import EventKind, Flag, Satisfaction, WorkOrder, WorkOrderEvent
from jiesu.workorders.selectors import workbench_queues, workorder_scope
from jiesu.workorders.states import Status
from tests.factories import (
    CategoryFactory,
    CompoundFactory,
    PropertyCompanyFactory,
    PropertyProjectFactory,
    UnitFactory,
    UserFactory,
    WorkOrderFactory,
)

BEIJING = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def beijing(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


def reload(order: WorkOrder) -> WorkOrder:
    return WorkOrder.objects.get(pk=order.pk)


# --- every change is one event ---------------------------------------------------------------


def test_each_step_records_who_did_what_when_with_old_and_new(frozen_now, drive, dispatcher, member, unit):
    # given an order registered on the phone
    order = services.workorder_create(
        actor=dispatcher, content="楼道灯坏了", compound=CompoundFactory(), received_at=frozen_now
    )

    # when it is dispatched and accepted
    services.workorder_dispatch(order_id=order.pk, actor=dispatcher, lead_unit=unit, note="请城管处理")
    services.workorder_accept(order_id=order.pk, actor=member)

    # then the timeline holds one event per step with actor, unit, time, old and new
    events = list(reload(order).events.order_by("id"))
    assert [e.kind for e in events] == [EventKind.CREATED, EventKind.DISPATCHED, EventKind.ACCEPTED]
    created, dispatched, accepted = events
    assert (created.actor, created.at, created.new["status"]) == (dispatcher, frozen_now, Status.NEW)
    assert (dispatched.actor, dispatched.actor_unit, dispatched.at, dispatched.note) == (
        dispatcher,
        None,
        frozen_now,
        "请城管处理",
    )
    assert dispatched.old == {"status": "new", "lead_unit": None, "co_handlers": []}
    assert dispatched.new == {"status": "dispatched", "lead_unit": unit.pk, "co_handlers": []}
    assert (accepted.actor, accepted.actor_unit) == (member, unit)
    assert accepted.old == {"status": "dispatched"}
    assert accepted.new == {"status": "accepted", "accepted_at": "2024-09-30T10:00:00+08:00"}


def test_an_event_cannot_be_edited(drive):
    event = drive("dispatched").events.get()
    event.note = "改写历史"

    with pytest.raises(RuntimeError, match="工单事件只能追加，不能修改。"):
        event.save()


# --- 退单 ------------------------------------------------------------------------------------


def test_a_return_needs_a_reason(drive, member):
    order = drive("accepted")

    with pytest.raises(ValidationFailed) as refusal:
        services.workorder_return(order_id=order.pk, actor=member, reason="  ")

    assert refusal.value.message == "退单须填写理由。"
    assert reload(order).status == Status.ACCEPTED
    assert not order.events.filter(kind=EventKind.RETURNED).exists()


def test_a_returned_order_leaves_the_unit_and_waits_in_the_dispatchers_queue(drive, dispatcher, member, unit):
    # given an accepted order with a co-handler
    helper = UnitFactory(name="供电所")
    order = drive("new")
    services.workorder_dispatch(order_id=order.pk, actor=dispatcher, lead_unit=unit, co_handlers=[helper])
    services.workorder_accept(order_id=order.pk, actor=member)

    # when the unit returns it
    services.workorder_return(order_id=order.pk, actor=member, reason="路灯归供电所管理")

    # then no unit holds it, the unit no longer sees it, and the dispatcher finds it under 已退单
    order = reload(order)
    assert (order.status, order.lead_unit, order.accepted_at) == (Status.RETURNED, None, None)
    assert list(order.co_handlers.all()) == []
    assert not workorder_scope(user=member).filter(pk=order.pk).exists()
    assert list(workbench_queues(user=dispatcher)["已退单"]) == [order]
    event = order.events.get(kind=EventKind.RETURNED)
    assert (event.actor, event.note) == (member, "路灯归供电所管理")
    assert (event.old, event.new) == (
        {"status": "accepted", "lead_unit": unit.pk},
        {"status": "returned", "lead_unit": None},
    )


def test_a_returned_order_can_be_dispatched_again(drive, dispatcher, other_unit):
    order = drive("returned")

    services.workorder_dispatch(order_id=order.pk, actor=dispatcher, lead_unit=other_unit)

    assert (reload(order).status, reload(order).lead_unit) == (Status.DISPATCHED, other_unit)


# --- 改派 ------------------------------------------------------------------------------------


def test_a_reassignment_needs_a_reason(drive, dispatcher, other_unit, unit):
    order = drive("accepted")

    with pytest.raises(ValidationFailed) as refusal:
        services.workorder_reassign(order_id=order.pk, actor=dispatcher, lead_unit=other_unit, note="")

    assert refusal.value.message == "改派须说明原因。"
    assert (reload(order).status, reload(order).lead_unit) == (Status.ACCEPTED, unit)


def test_a_reassignment_to_the_same_unit_is_refused(drive, dispatcher, unit):
    order = drive("dispatched")

    with pytest.raises(ValidationFailed) as refusal:
        services.workorder_reassign(order_id=order.pk, actor=dispatcher, lead_unit=unit, note="重新派")

    assert refusal.value.message == "改派的单位与当前主办单位相同。"
    assert order.events.count() == 1


def test_a_reassigned_order_waits_for_the_new_unit_to_accept(drive, dispatcher, other_unit, unit, member):
    order = drive("accepted")

    services.workorder_reassign(
        order_id=order.pk, actor=dispatcher, lead_unit=other_unit, note="属房管所职责"
    )

    order = reload(order)
    assert (order.status, order.lead_unit, order.accepted_at) == (Status.DISPATCHED, other_unit, None)
    event = order.events.get(kind=EventKind.REASSIGNED)
    assert (event.old["lead_unit"], event.new["lead_unit"], event.note) == (
        unit.pk,
        other_unit.pk,
        "属房管所职责",
    )
    with pytest.raises(NotPermitted):
        services.workorder_accept(order_id=order.pk, actor=member)


# --- 派单 to property companies ----------------------------------------------------------------


def test_dispatching_to_a_property_head_office_with_projects_is_refused(drive, dispatcher):
    project = PropertyProjectFactory(name="阳光物业·和平里项目")
    order = drive("new")

    with pytest.raises(ValidationFailed) as refusal:
        services.workorder_dispatch(order_id=order.pk, actor=dispatcher, lead_unit=project.parent)

    assert refusal.value.message == "请派给具体的物业服务项目，而不是物业公司总部。"
    assert (reload(order).status, reload(order).lead_unit) == (Status.NEW, None)
    assert order.events.count() == 0

    services.workorder_dispatch(order_id=order.pk, actor=dispatcher, lead_unit=project)
    assert reload(order).lead_unit == project


def test_a_property_company_without_projects_can_be_dispatched_to(drive, dispatcher):
    company = PropertyCompanyFactory(name="单项目物业公司")
    order = drive("new")

    services.workorder_dispatch(order_id=order.pk, actor=dispatcher, lead_unit=company)

    assert reload(order).lead_unit == company


def test_the_lead_unit_is_not_also_its_own_co_handler(drive, dispatcher, unit, other_unit):
    order = drive("new")

    services.workorder_dispatch(
        order_id=order.pk, actor=dispatcher, lead_unit=unit, co_handlers=[unit, other_unit]
    )

    assert list(reload(order).co_handlers.all()) == [other_unit]


# --- 重办 ------------------------------------------------------------------------------------


def visited(drive, dispatcher, *, resolved: bool, satisfaction: str) -> WorkOrder:
    order = drive("resolved")
    services.workorder_return_visit(
        order_id=order.pk, actor=dispatcher, contacted=True, resolved=resolved, satisfaction=satisfaction
    )
    return reload(order)


def test_a_satisfied_and_resolved_visit_cannot_be_redone(drive, dispatcher):
    order = visited(drive, dispatcher, resolved=True, satisfaction=Satisfaction.SATISFIED)

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.workorder_redo(order_id=order.pk, actor=dispatcher, note="再办一次")

    assert refusal.value.message == "只有回访不满意或未解决的工单才能重办。"
    after = reload(order)
    assert (after.status, after.redo_count, after.version) == (Status.VISITED, 0, order.version)
    assert not after.events.filter(kind=EventKind.REDONE).exists()


@pytest.mark.parametrize(
    ("resolved", "satisfaction"),
    [(True, Satisfaction.UNSATISFIED), (False, Satisfaction.BASIC)],
    ids=["unsatisfied", "unresolved"],
)
def test_an_unsatisfied_or_unresolved_order_is_redone_with_new_deadlines(
    frozen_now, drive, dispatcher, unit, resolved, satisfaction
):
    # given an order handled long ago whose return visit was not good
    order = drive(
        "resolved", received_at=beijing(2024, 9, 2, 9), resolve_due=beijing(2024, 9, 10, 23, 59, 59)
    )
    services.workorder_return_visit(
        order_id=order.pk, actor=dispatcher, contacted=True, resolved=resolved, satisfaction=satisfaction
    )

    # when the dispatcher orders a redo on 2024-09-30 10:00
    original_response_due = reload(order).response_due
    services.workorder_redo(order_id=order.pk, actor=dispatcher, note="诉求人反映灯仍不亮")

    # then the same unit gets it back in a new round: deadlines counted from now, and the round's
    # first contact, result and visit empty again — the old ones stay in the event
    order = reload(order)
    assert (order.status, order.lead_unit, order.redo_count) == (Status.DISPATCHED, unit, 1)
    assert order.resolve_due == beijing(2024, 10, 15, 23, 59, 59)
    assert order.response_due == original_response_due  # the response rate judges the first contact
    assert (order.accepted_at, order.resolved_at, order.visited_at) == (None,) * 3
    assert (order.result, order.visit_satisfaction, order.visit_resolved) == ("", "", None)
    event = order.events.get(kind=EventKind.REDONE)
    assert (event.actor, event.note) == (dispatcher, "诉求人反映灯仍不亮")
    assert event.old["status"] == "visited" and event.old["redo_count"] == 0
    assert event.old["resolve_due"] == "2024-09-10T23:59:59+08:00"
    assert event.old["result"] == "已更换灯泡" and event.old["visit_satisfaction"] == satisfaction
    assert event.new["resolve_due"] == "2024-10-15T23:59:59+08:00" and event.new["redo_count"] == 1


def test_a_redo_keeps_an_approved_extension(frozen_now, drive, dispatcher, member):
    # given an order whose lead unit was granted 20 more working days, then resolved too early
    order = drive("accepted")
    services.extension_request(order_id=order.pk, actor=member, working_days=20, reason="等配件")
    services.extension_approve(order_id=order.pk, actor=dispatcher)
    extended_due = reload(order).resolve_due
    services.workorder_resolve(order_id=order.pk, actor=member, result="先临时处理")
    services.workorder_return_visit(
        order_id=order.pk, actor=dispatcher, contacted=True, resolved=False, satisfaction=Satisfaction.BASIC
    )

    # when it is redone
    services.workorder_redo(order_id=order.pk, actor=dispatcher, note="配件到了再修")

    # then the extended deadline holds, the extension stays approved, and a new round starts
    order = reload(order)
    assert order.resolve_due == extended_due
    assert order.extensions.get().state == "approved"
    assert order.result == ""


def test_a_redo_round_gets_its_own_first_contact(frozen_now, drive, dispatcher, member):
    order = drive("accepted")
    services.workorder_respond(order_id=order.pk, actor=member)
    services.workorder_resolve(order_id=order.pk, actor=member, result="已处理")
    services.workorder_return_visit(
        order_id=order.pk, actor=dispatcher, contacted=True, resolved=False, satisfaction=Satisfaction.BASIC
    )
    services.workorder_redo(order_id=order.pk, actor=dispatcher, note="没修好")
    services.workorder_accept(order_id=order.pk, actor=member)
    first_ever = reload(order).responded_at

    services.workorder_respond(order_id=order.pk, actor=member, note="再次上门")

    order = reload(order)
    assert order.responded_at == first_ever  # the order's first contact (the response rate's)
    event = order.events.filter(kind=EventKind.RESPONDED).last()
    assert event.new == {"round_responded_at": "2024-09-30T10:00:00+08:00"}
    with pytest.raises(ValidationFailed, match="本轮已记录过首次联系"):
        services.workorder_respond(order_id=order.pk, actor=member)


@pytest.mark.parametrize("note", ["", "   "])
def test_a_resolved_order_is_not_closed_without_a_visit_or_a_reason(drive, dispatcher, note):
    order = drive("resolved")
    with pytest.raises(ValidationFailed, match="三次无法联系"):
        services.workorder_close(order_id=order.pk, actor=dispatcher, note=note)
    assert reload(order).status == Status.RESOLVED


def test_a_redo_needs_the_requirement_written_down(drive, dispatcher):
    order = visited(drive, dispatcher, resolved=False, satisfaction=Satisfaction.UNSATISFIED)

    with pytest.raises(ValidationFailed) as refusal:
        services.workorder_redo(order_id=order.pk, actor=dispatcher, note=" ")

    assert refusal.value.message == "重办须说明要求。"
    assert reload(order).status == Status.VISITED


def test_a_second_redo_counts_two(drive, dispatcher, member):
    order = visited(drive, dispatcher, resolved=False, satisfaction=Satisfaction.UNSATISFIED)
    services.workorder_redo(order_id=order.pk, actor=dispatcher, note="第一次重办")
    services.workorder_accept(order_id=order.pk, actor=member)
    services.workorder_resolve(order_id=order.pk, actor=member, result="再次维修")
    services.workorder_return_visit(
        order_id=order.pk,
        actor=dispatcher,
        contacted=True,
        resolved=False,
        satisfaction=Satisfaction.UNSATISFIED,
    )

    services.workorder_redo(order_id=order.pk, actor=dispatcher, note="第二次重办")

    assert reload(order).redo_count == 2
    assert order.events.filter(kind=EventKind.REDONE).count() == 2


# --- 并单 ------------------------------------------------------------------------------------


def test_a_merge_is_recorded_on_both_orders(drive, dispatcher):
    duplicate = drive("dispatched")
    master = drive("accepted")
    master_version = master.version

    services.workorder_merge(order_id=duplicate.pk, master_id=master.pk, actor=dispatcher, note="同一路灯")

    duplicate, master = reload(duplicate), reload(master)
    assert (duplicate.status, duplicate.master) == (Status.MERGED, master)
    assert master.status == Status.ACCEPTED
    assert master.version == master_version + 1
    merged = duplicate.events.get(kind=EventKind.MERGED)
    assert (merged.actor, merged.note) == (dispatcher, "同一路灯")
    assert (merged.old, merged.new) == (
        {"status": "dispatched", "master": None},
        {"status": "merged", "master": master.pk},
    )
    merged_in = master.events.get(kind=EventKind.MERGED_IN)
    assert merged_in.actor == dispatcher
    assert merged_in.new == {"merged_order": duplicate.pk, "merged_number": duplicate.number}
    assert list(master.merged_orders.all()) == [duplicate]


@pytest.mark.parametrize("master_status", [Status.CLOSED, Status.MERGED])
def test_merging_into_a_closed_or_merged_master_is_refused(drive, dispatcher, master_status):
    duplicate = drive("new")
    master = drive(master_status)
    counts = (duplicate.events.count(), master.events.count())

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.workorder_merge(order_id=duplicate.pk, master_id=master.pk, actor=dispatcher)

    assert refusal.value.message == "主工单已关闭或已被合并，不能并入。"
    assert (reload(duplicate).status, reload(duplicate).master) == (Status.NEW, None)
    assert (duplicate.events.count(), master.events.count()) == counts


def test_an_order_cannot_be_merged_into_itself(drive, dispatcher):
    order = drive("new")

    with pytest.raises(ValidationFailed) as refusal:
        services.workorder_merge(order_id=order.pk, master_id=order.pk, actor=dispatcher)

    assert refusal.value.message == "不能把工单并入它自己。"
    assert reload(order).status == Status.NEW
    assert order.events.count() == 0


def test_a_unit_cannot_merge(drive, member):
    order, master = drive("accepted"), drive("new")

    with pytest.raises(NotPermitted):
        services.workorder_merge(order_id=order.pk, master_id=master.pk, actor=member)

    assert reload(order).status == Status.ACCEPTED


@pytest.mark.parametrize("status", [Status.CLOSED, Status.MERGED, Status.RESOLVED])
def test_merge_checks_the_state_before_the_permission(drive, member, status):
    """As every other action: an order that has moved on says so, even to someone who may not merge."""
    order, master = drive(status), drive("new")

    with pytest.raises(TransitionNotAllowed, match="不能执行「并单」"):
        services.workorder_merge(order_id=order.pk, master_id=master.pk, actor=member)

    assert reload(order).status == status


# --- 登记 and 更正 ------------------------------------------------------------------------------


def test_an_order_whose_place_cannot_be_located_is_flagged(dispatcher):
    order = services.workorder_create(
        actor=dispatcher, content="不知道在哪里的噪音扰民问题", address_text="某处"
    )

    assert reload(order).flags == [Flag.UNRESOLVED_PLACE]
    assert reload(order).community is None


def test_an_empty_request_is_refused(dispatcher):
    with pytest.raises(ValidationFailed) as refusal:
        services.workorder_create(actor=dispatcher, content="   ")

    assert refusal.value.message == "诉求内容不能为空，请填写群众反映的问题。"
    assert not WorkOrder.objects.exists()


def test_correcting_the_place_and_category_clears_the_flags(dispatcher):
    # given an imported order whose category and place were not recognised
    order = WorkOrderFactory(flags=[Flag.UNKNOWN_CATEGORY, Flag.UNRESOLVED_PLACE])
    compound = CompoundFactory(name="和平里小区")
    category = CategoryFactory(name="路灯照明")

    # when the dispatcher picks the compound and the category
    services.workorder_correct(
        order_id=order.pk,
        actor=dispatcher,
        changes={"compound": compound, "category": category},
        note="核实地址",
    )

    # then the flags are gone, the community follows the compound, and the correction is recorded
    order = reload(order)
    assert order.flags == []
    assert (order.compound, order.community, order.category) == (compound, compound.community, category)
    assert order.version == 2
    event = order.events.get(kind=EventKind.CORRECTED)
    assert (event.actor, event.note) == (dispatcher, "核实地址")
    assert event.old == {"compound": None, "category": None, "community": None}
    assert event.new == {"compound": compound.pk, "category": category.pk, "community": compound.community.pk}


def test_a_corrected_place_puts_the_order_in_front_of_its_community(dispatcher):
    compound = CompoundFactory()
    worker = UserFactory(role="community", unit=UnitFactory(kind="community", community=compound.community))
    order = WorkOrderFactory(flags=[Flag.UNRESOLVED_PLACE])
    assert not workorder_scope(user=worker).filter(pk=order.pk).exists()

    services.workorder_correct(order_id=order.pk, actor=dispatcher, changes={"compound": compound})

    assert workorder_scope(user=worker).filter(pk=order.pk).exists()


def test_correcting_only_the_category_keeps_the_place_flag(dispatcher):
    order = WorkOrderFactory(flags=[Flag.UNKNOWN_CATEGORY, Flag.UNRESOLVED_PLACE])

    services.workorder_correct(order_id=order.pk, actor=dispatcher, changes={"category": CategoryFactory()})

    assert reload(order).flags == [Flag.UNRESOLVED_PLACE]


def test_a_correction_that_changes_nothing_writes_nothing(dispatcher):
    order = WorkOrderFactory(title="楼道灯坏了")

    services.workorder_correct(order_id=order.pk, actor=dispatcher, changes={"title": "楼道灯坏了"})

    assert (reload(order).version, order.events.count()) == (1, 0)


def test_only_listed_fields_can_be_corrected(dispatcher):
    order = WorkOrderFactory()

    with pytest.raises(ValidationFailed) as refusal:
        services.workorder_correct(
            order_id=order.pk, actor=dispatcher, changes={"status": "closed", "result": "x"}
        )

    assert refusal.value.message == "不能修改这些字段：result, status"
    assert reload(order).status == Status.NEW


def test_a_unit_member_cannot_correct_an_order(drive, member):
    order = drive("accepted")

    with pytest.raises(NotPermitted) as refusal:
        services.workorder_correct(order_id=order.pk, actor=member, changes={"title": "改个标题"})

    assert refusal.value.message == "只有派单员或中心管理员可以更正工单信息。"
    assert reload(order).title == "楼道灯坏了"


def test_the_system_may_dispatch_and_the_event_names_no_person(db):
    order = WorkOrderFactory()
    unit = UnitFactory()
    services.workorder_dispatch(order_id=order.pk, actor=None, lead_unit=unit, note="自动派单")
    event = WorkOrderEvent.objects.get(order=order)
    assert (event.actor, event.actor_unit, event.new["lead_unit"]) == (None, None, unit.pk)


def test_an_anonymous_user_is_refused_not_treated_as_the_system(db):
    order = WorkOrderFactory()
    with pytest.raises(NotPermitted):
        services.workorder_dispatch(order_id=order.pk, actor=AnonymousUser(), lead_unit=UnitFactory())
