"""workorder_scope: which orders each kind of user sees (selector level)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from jiesu.accounts.models import Role
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.selectors import workorder_get, workorder_scope
from jiesu.workorders.states import Status
from tests.factories import (
    CommunityUnitFactory,
    PropertyProjectFactory,
    UnitFactory,
    UserFactory,
    WorkOrderFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two communities, two property companies with one project each, one department, seven orders."""
    heping = CommunityUnitFactory(community__name="和平里社区")
    anzhen = CommunityUnitFactory(community__name="安贞社区")
    sunshine = PropertyProjectFactory(name="阳光物业·和平里项目", parent__name="阳光物业")
    moon = PropertyProjectFactory(name="月亮物业·安贞项目", parent__name="月亮物业")
    housing = UnitFactory(name="房管所")

    def order(number, community, lead=None, co=(), status=Status.DISPATCHED):
        made = WorkOrderFactory(number=number, community=community, lead_unit=lead, status=status)
        made.co_handlers.set(co)
        return made

    orders = {
        "heping_own": order("1", heping.community, heping),
        "heping_dept": order("2", heping.community, housing),
        "anzhen_sunshine": order("3", anzhen.community, sunshine),
        "anzhen_dept_with_heping": order("4", anzhen.community, housing, co=[heping]),
        "anzhen_moon": order("5", anzhen.community, moon),
        "unplaced_new": order("6", None, status=Status.NEW),
        "anzhen_with_sunshine": order("7", anzhen.community, anzhen, co=[sunshine]),
    }
    units = {"heping": heping, "anzhen": anzhen, "sunshine": sunshine, "moon": moon, "housing": housing}
    return {"units": units, "orders": orders}


def visible(user, world) -> set[str]:
    names = {order.pk: name for name, order in world["orders"].items()}
    return {names[pk] for pk in workorder_scope(user=user).values_list("pk", flat=True)}


@pytest.mark.parametrize("role", [Role.DISPATCHER, Role.CENTRE_ADMIN, Role.LEADER])
def test_street_wide_roles_see_every_order(world, role):
    user = UserFactory(role=role)

    assert visible(user, world) == set(world["orders"])


def test_a_superuser_sees_every_order(world):
    assert visible(UserFactory(role=Role.DEPARTMENT, is_superuser=True), world) == set(world["orders"])


def test_a_community_worker_sees_their_community_and_what_their_unit_leads_or_co_handles(world):
    heping_worker = UserFactory(role=Role.COMMUNITY, unit=world["units"]["heping"])
    anzhen_worker = UserFactory(role=Role.COMMUNITY, unit=world["units"]["anzhen"])

    assert visible(heping_worker, world) == {"heping_own", "heping_dept", "anzhen_dept_with_heping"}
    assert visible(anzhen_worker, world) == {
        "anzhen_sunshine",
        "anzhen_dept_with_heping",
        "anzhen_moon",
        "anzhen_with_sunshine",
    }


def test_a_property_company_user_sees_its_projects_orders_and_not_another_companys(world):
    sunshine = world["units"]["sunshine"]
    head_office = UserFactory(role=Role.PROPERTY, unit=sunshine.parent)
    project_staff = UserFactory(role=Role.PROPERTY, unit=sunshine)
    other_company = UserFactory(role=Role.PROPERTY, unit=world["units"]["moon"].parent)

    assert visible(head_office, world) == {"anzhen_sunshine", "anzhen_with_sunshine"}
    assert visible(project_staff, world) == {"anzhen_sunshine", "anzhen_with_sunshine"}
    assert visible(other_company, world) == {"anzhen_moon"}


def test_a_department_user_sees_the_orders_of_their_own_unit(world):
    user = UserFactory(role=Role.DEPARTMENT, unit=world["units"]["housing"])

    assert visible(user, world) == {"heping_dept", "anzhen_dept_with_heping"}


@pytest.mark.parametrize("role", [Role.COMMUNITY, Role.PROPERTY, Role.DEPARTMENT])
def test_a_unit_role_without_a_unit_sees_nothing(world, role):
    assert visible(UserFactory(role=role, unit=None), world) == set()


def test_an_inactive_user_sees_nothing(world):
    former_clerk = UserFactory(role=Role.DEPARTMENT, unit=world["units"]["housing"], is_active=False)
    former_dispatcher = UserFactory(role=Role.DISPATCHER, is_active=False)

    assert visible(former_clerk, world) == set()
    assert visible(former_dispatcher, world) == set()


def test_an_anonymous_visitor_sees_nothing(world):
    assert visible(AnonymousUser(), world) == set()


def test_each_order_appears_once_even_when_seen_for_several_reasons(world):
    # heping leads order 1 in its own community and co-handles order 4
    heping_worker = UserFactory(role=Role.COMMUNITY, unit=world["units"]["heping"])

    assert workorder_scope(user=heping_worker).count() == 3


def test_an_order_outside_the_scope_cannot_be_fetched(world):
    other_company = UserFactory(role=Role.PROPERTY, unit=world["units"]["moon"].parent)
    ours = world["orders"]["anzhen_moon"]
    theirs = world["orders"]["anzhen_sunshine"]

    assert workorder_get(user=other_company, order_id=ours.pk) == ours
    with pytest.raises(WorkOrder.DoesNotExist):
        workorder_get(user=other_company, order_id=theirs.pk)
