"""can(): what a user who can see an order may do with it."""

import pytest

from jiesu.accounts.models import Role
from jiesu.core.errors import NotPermitted
from jiesu.workorders import services
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.permissions import can, ensure_can
from jiesu.workorders.states import Action, Status
from tests.factories import PropertyProjectFactory, UnitFactory, UserFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db

CENTRE = {
    Action.DISPATCH,
    Action.REASSIGN,
    Action.NOTE,
    Action.APPROVE_EXTENSION,
    Action.REJECT_EXTENSION,
    Action.RETURN_VISIT,
    Action.REDO,
    Action.MERGE,
    Action.CLOSE,
    Action.URGE,
    Action.SUPERVISE,
}
LEAD_UNIT = {
    Action.ACCEPT,
    Action.RETURN,
    Action.RESPOND,
    Action.NOTE,
    Action.REQUEST_EXTENSION,
    Action.RESOLVE,
}


@pytest.fixture
def order(unit):
    """An order led by 城管执法队 with 房管所 as co-handler."""
    order = WorkOrderFactory(status=Status.ACCEPTED, lead_unit=unit)
    order.co_handlers.add(UnitFactory(name="房管所"))
    return order


def permitted(user, order) -> set[str]:
    return {action for action in Action if can(user, action, order)}


@pytest.mark.parametrize("role", [Role.DISPATCHER, Role.CENTRE_ADMIN])
def test_the_centre_dispatches_and_decides_but_never_handles(order, role):
    user = UserFactory(role=role)

    assert permitted(user, order) == CENTRE
    assert not can(user, Action.ACCEPT, order)
    assert not can(user, Action.RESOLVE, order)


def test_a_superuser_acts_as_a_centre_admin(order):
    admin = UserFactory(role=Role.DEPARTMENT, is_superuser=True)

    assert permitted(admin, order) == CENTRE


def test_a_leader_sees_everything_and_can_do_nothing(order):
    leader = UserFactory(role=Role.LEADER)

    assert permitted(leader, order) == set()


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.COMMUNITY])
def test_a_member_of_the_lead_unit_handles_the_order(order, unit, role):
    member = UserFactory(role=role, unit=unit)

    assert permitted(member, order) == LEAD_UNIT


def test_a_co_handler_can_only_add_notes(order):
    helper = UserFactory(unit=order.co_handlers.get())

    assert permitted(helper, order) == {Action.NOTE}


def test_a_member_of_another_unit_can_do_nothing(order):
    stranger = UserFactory(unit=UnitFactory(name="园林所"))

    assert permitted(stranger, order) == set()


def test_a_user_without_a_unit_can_do_nothing(order):
    assert permitted(UserFactory(role=Role.DEPARTMENT, unit=None), order) == set()


def test_an_inactive_user_can_do_nothing(order, unit):
    former = UserFactory(unit=unit, is_active=False)
    former_dispatcher = UserFactory(role=Role.DISPATCHER, is_active=False)

    assert permitted(former, order) == set()
    assert permitted(former_dispatcher, order) == set()


def test_a_property_company_user_acts_for_its_projects_but_not_anothers(dispatcher):
    project = PropertyProjectFactory()
    ours = WorkOrderFactory(status=Status.DISPATCHED, lead_unit=project)
    theirs = WorkOrderFactory(status=Status.DISPATCHED, lead_unit=PropertyProjectFactory())
    head_office_user = UserFactory(role=Role.PROPERTY, unit=project.parent)
    project_user = UserFactory(role=Role.PROPERTY, unit=project)

    assert can(head_office_user, Action.ACCEPT, ours)
    assert can(project_user, Action.ACCEPT, ours)
    assert not can(head_office_user, Action.ACCEPT, theirs)
    assert not can(project_user, Action.NOTE, theirs)


def test_a_department_user_of_a_parent_unit_does_not_act_for_its_children():
    parent = UnitFactory(name="住建委")
    child = UnitFactory(name="住建委物业科", parent=parent)
    order = WorkOrderFactory(status=Status.DISPATCHED, lead_unit=child)

    assert not can(UserFactory(role=Role.DEPARTMENT, unit=parent), Action.ACCEPT, order)


def test_the_services_enforce_it_with_a_clear_message(drive, other_unit):
    # given an order dispatched to 城管执法队
    order = drive(Status.DISPATCHED)
    stranger = UserFactory(unit=other_unit)

    # when a 房管所 member tries to accept it
    with pytest.raises(NotPermitted) as refusal:
        services.workorder_accept(order_id=order.pk, actor=stranger)

    # then they are told, and the order still waits for 城管执法队
    assert refusal.value.message == "您无权对该工单执行「签收」。"
    order.refresh_from_db()
    assert (order.status, order.version, order.events.count()) == (Status.DISPATCHED, 2, 1)


def test_a_co_handler_may_write_progress_through_the_service(drive, dispatcher, unit, other_unit):
    order = drive(Status.NEW)
    services.workorder_dispatch(order_id=order.pk, actor=dispatcher, lead_unit=unit, co_handlers=[other_unit])
    helper = UserFactory(unit=other_unit)

    services.workorder_add_note(order_id=order.pk, actor=helper, note="已配合现场勘查")

    with pytest.raises(NotPermitted):
        services.workorder_accept(order_id=order.pk, actor=helper)
    assert order.events.filter(kind=Action.NOTE).get().actor_unit == other_unit
    assert WorkOrder.objects.get(pk=order.pk).status == Status.DISPATCHED


def test_ensure_can_names_the_action(order):
    with pytest.raises(NotPermitted) as refusal:
        ensure_can(UserFactory(role=Role.LEADER), Action.SUPERVISE, order)

    assert refusal.value.message == "您无权对该工单执行「督办」。"
