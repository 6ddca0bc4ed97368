"""Every (action, status) pair: the transition table, and the real services behind each action."""

from itertools import product

import pytest
from django.forms.models import model_to_dict

from jiesu.core.errors import TransitionNotAllowed
from jiesu.workorders import services
from jiesu.workorders.models import ExtensionRequest, Satisfaction, WorkOrder
from jiesu.workorders.states import (
    TRANSITIONS,
    Action,
    Status,
    allowed_actions,
    is_allowed,
    transition_target,
)
from tests.factories import WorkOrderFactory

A, S = Action, Status

# The specification, written out independently of states.TRANSITIONS:
# action -> {status it may start from: status it leads to}. Anything not listed is forbidden.
HANDLING_SAME = {S.DISPATCHED: S.DISPATCHED, S.ACCEPTED: S.ACCEPTED}
EXPECTED = {
    A.DISPATCH: {S.NEW: S.DISPATCHED, S.RETURNED: S.DISPATCHED},
    A.REASSIGN: {S.DISPATCHED: S.DISPATCHED, S.ACCEPTED: S.DISPATCHED},
    A.ACCEPT: {S.DISPATCHED: S.ACCEPTED},
    A.RETURN: {S.DISPATCHED: S.RETURNED, S.ACCEPTED: S.RETURNED},
    A.RESPOND: {S.ACCEPTED: S.ACCEPTED},
    A.NOTE: {s: s for s in (S.NEW, S.DISPATCHED, S.ACCEPTED, S.RETURNED, S.RESOLVED, S.VISITED)},
    A.REQUEST_EXTENSION: {S.ACCEPTED: S.ACCEPTED},
    A.APPROVE_EXTENSION: {S.ACCEPTED: S.ACCEPTED},
    A.REJECT_EXTENSION: {S.ACCEPTED: S.ACCEPTED},
    A.RESOLVE: {S.ACCEPTED: S.RESOLVED},
    A.RETURN_VISIT: {S.RESOLVED: S.VISITED},
    A.REDO: {S.VISITED: S.DISPATCHED},
    A.MERGE: {S.NEW: S.MERGED, S.DISPATCHED: S.MERGED, S.ACCEPTED: S.MERGED, S.RETURNED: S.MERGED},
    A.CLOSE: {S.RESOLVED: S.CLOSED, S.VISITED: S.CLOSED},
    A.URGE: HANDLING_SAME,
    A.SUPERVISE: HANDLING_SAME,
}
STATUS_LABELS = {
    S.NEW: "待派单",
    S.DISPATCHED: "待签收",
    S.ACCEPTED: "办理中",
    S.RETURNED: "已退单",
    S.RESOLVED: "已办结",
    S.VISITED: "已回访",
    S.CLOSED: "已关闭",
    S.MERGED: "已并单",
}
ACTION_LABELS = {
    A.DISPATCH: "派单",
    A.REASSIGN: "改派",
    A.ACCEPT: "签收",
    A.RETURN: "退单",
    A.RESPOND: "联系诉求人",
    A.NOTE: "进展记录",
    A.REQUEST_EXTENSION: "申请延期",
    A.APPROVE_EXTENSION: "批准延期",
    A.REJECT_EXTENSION: "驳回延期",
    A.RESOLVE: "办结",
    A.RETURN_VISIT: "回访",
    A.REDO: "重办",
    A.MERGE: "并单",
    A.CLOSE: "关闭",
    A.URGE: "催办",
    A.SUPERVISE: "督办",
}

PAIRS = [
    pytest.param(action, status, id=f"{action}-{status}") for action, status in product(TRANSITIONS, Status)
]
ALLOWED = [pair for pair in PAIRS if pair.values[1] in EXPECTED[pair.values[0]]]
FORBIDDEN = [pair for pair in PAIRS if pair.values[1] not in EXPECTED[pair.values[0]]]


def refused(action: str, status: str) -> str:
    return f"工单当前状态为「{STATUS_LABELS[status]}」，不能执行「{ACTION_LABELS[action]}」。"


# --- the table -------------------------------------------------------------------------------


def test_the_table_has_one_row_per_action_and_covers_every_pair():
    assert set(TRANSITIONS) == set(Action) == set(EXPECTED)
    assert len(PAIRS) == 16 * 8
    assert (len(ALLOWED), len(FORBIDDEN)) == (30, 98)


@pytest.mark.parametrize(("action", "status"), PAIRS)
def test_is_allowed_answers_as_the_specification(action, status):
    assert is_allowed(action, status) is (status in EXPECTED[action])


@pytest.mark.parametrize(("action", "status"), ALLOWED)
def test_transition_target_of_an_allowed_pair_is_the_specified_status(action, status):
    assert transition_target(action, status) == EXPECTED[action][status]


@pytest.mark.parametrize(("action", "status"), FORBIDDEN)
def test_transition_target_of_a_forbidden_pair_says_which_status_refuses_which_action(action, status):
    with pytest.raises(TransitionNotAllowed) as refusal:
        transition_target(action, status)
    assert refusal.value.message == refused(action, status)


def test_allowed_actions_lists_what_the_buttons_of_each_status_offer():
    assert allowed_actions(S.NEW) == [A.DISPATCH, A.NOTE, A.MERGE]
    assert allowed_actions(S.RESOLVED) == [A.NOTE, A.RETURN_VISIT, A.CLOSE]
    assert allowed_actions(S.CLOSED) == []
    assert allowed_actions(S.MERGED) == []


# --- the services ----------------------------------------------------------------------------


@pytest.fixture
def act(dispatcher, member, other_unit, unit):
    """act(action, order): call the service for `action` as a user who is permitted to do it."""

    def _act(action: str, order: WorkOrder, master: WorkOrder | None = None) -> WorkOrder:
        pk = order.pk
        calls = {
            A.DISPATCH: lambda: services.workorder_dispatch(order_id=pk, actor=dispatcher, lead_unit=unit),
            A.REASSIGN: lambda: services.workorder_reassign(
                order_id=pk, actor=dispatcher, lead_unit=other_unit, note="属房管所职责"
            ),
            A.ACCEPT: lambda: services.workorder_accept(order_id=pk, actor=member),
            A.RETURN: lambda: services.workorder_return(order_id=pk, actor=member, reason="不属于本单位职责"),
            A.RESPOND: lambda: services.workorder_respond(order_id=pk, actor=member),
            A.NOTE: lambda: services.workorder_add_note(order_id=pk, actor=dispatcher, note="已电话了解情况"),
            A.REQUEST_EXTENSION: lambda: services.extension_request(
                order_id=pk, actor=member, working_days=3, reason="需要协调供电公司"
            ),
            A.APPROVE_EXTENSION: lambda: services.extension_approve(order_id=pk, actor=dispatcher),
            A.REJECT_EXTENSION: lambda: services.extension_reject(
                order_id=pk, actor=dispatcher, note="理由不充分"
            ),
            A.RESOLVE: lambda: services.workorder_resolve(order_id=pk, actor=member, result="已修复"),
            A.RETURN_VISIT: lambda: services.workorder_return_visit(
                order_id=pk,
                actor=dispatcher,
                contacted=True,
                resolved=True,
                satisfaction=Satisfaction.SATISFIED,
            ),
            A.REDO: lambda: services.workorder_redo(order_id=pk, actor=dispatcher, note="诉求人反映灯仍不亮"),
            A.MERGE: lambda: services.workorder_merge(order_id=pk, master_id=master.pk, actor=dispatcher),
            A.CLOSE: lambda: services.workorder_close(order_id=pk, actor=dispatcher, note="三次无法联系"),
            A.URGE: lambda: services.workorder_urge(order_id=pk, actor=dispatcher, note="请尽快处理"),
            A.SUPERVISE: lambda: services.workorder_supervise(order_id=pk, actor=dispatcher, note="列入督办"),
        }
        return calls[action]()

    return _act


def snapshot(order: WorkOrder) -> dict:
    order = WorkOrder.objects.get(pk=order.pk)
    return {
        "row": model_to_dict(order),
        "updated_at": order.updated_at,
        "co_handlers": sorted(order.co_handlers.values_list("pk", flat=True)),
        "events": list(order.events.values_list("pk", flat=True)),
        "extensions": list(order.extensions.values_list("pk", "state")),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "status"), ALLOWED)
def test_an_allowed_action_moves_the_order_and_writes_one_event(
    action, status, drive, act, member, dispatcher
):
    # given an order in `status` (and, for a decision, a pending extension request)
    order = drive(status)
    if action in (A.APPROVE_EXTENSION, A.REJECT_EXTENSION):
        services.extension_request(order_id=order.pk, actor=member, working_days=3, reason="需要协调供电公司")
    master = WorkOrderFactory() if action == A.MERGE else None
    before = set(order.events.values_list("pk", flat=True))
    version = WorkOrder.objects.get(pk=order.pk).version

    # when a permitted user performs the action
    act(action, order, master)

    # then the order is in the specified status, one version later, with exactly one new event
    order.refresh_from_db()
    target = EXPECTED[action][status]
    assert order.status == target
    assert order.version == version + 1
    new_events = list(order.events.exclude(pk__in=before))
    assert len(new_events) == 1
    event = new_events[0]
    assert event.kind == action
    expected_actor = (
        member if action in (A.ACCEPT, A.RETURN, A.RESPOND, A.REQUEST_EXTENSION, A.RESOLVE) else dispatcher
    )
    assert event.actor == expected_actor
    if target != status:
        assert (event.old["status"], event.new["status"]) == (status, target)
    else:
        assert "status" not in event.old and "status" not in event.new


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "status"), FORBIDDEN)
def test_a_forbidden_action_is_refused_clearly_and_changes_nothing(action, status, drive, act):
    # given an order in `status`
    order = drive(status)
    master = WorkOrderFactory() if action == A.MERGE else None
    before = snapshot(order)

    # when a user who may perform the action in general tries it now
    with pytest.raises(TransitionNotAllowed) as refusal:
        act(action, order, master)

    # then they are told which status refuses which action, and nothing was written
    assert refusal.value.message == refused(action, status)
    assert snapshot(order) == before
    if master is not None:
        assert master.events.count() == 0
        assert WorkOrder.objects.get(pk=master.pk).version == 1
    assert ExtensionRequest.objects.count() == len(before["extensions"])
