"""A small street for the web tests: two communities, two property companies, two departments.

Side A and side B each have a compound, units, users and an order with text that appears
nowhere else, so a test can assert that B's order never reaches A's users.
"""

from dataclasses import dataclass

import pytest

from jiesu.accounts.models import Role, User
from jiesu.places.selectors import name_index_clear
from jiesu.units.models import Unit
from jiesu.workorders import services
from jiesu.workorders.models import WorkOrder
from tests.factories import (
    BuildingFactory,
    CommunityFactory,
    CommunityUnitFactory,
    CompoundFactory,
    PropertyProjectFactory,
    UnitFactory,
    UserFactory,
    WorkOrderFactory,
)


@dataclass
class Side:
    community_unit: Unit
    project: Unit
    department: Unit
    order: WorkOrder  # led by the property project, co-handled by the department
    dept_order: WorkOrder  # led by the department
    property_user: User
    community_user: User
    department_user: User


@dataclass
class Street:
    a: Side
    b: Side
    dispatcher: User
    leader: User


@pytest.fixture(autouse=True)
def _fresh_gazetteer():
    # place_resolve caches its name index; a rolled-back test leaves names that no longer exist
    name_index_clear()
    yield
    name_index_clear()


def make_side(letter: str, dispatcher: User, secret: str) -> Side:
    community = CommunityFactory(name=f"{letter}社区")
    community_unit = CommunityUnitFactory(community=community, name=f"{letter}社区居委会")
    project = PropertyProjectFactory(name=f"{letter}物业项目", parent__name=f"{letter}物业公司")
    compound = CompoundFactory(community=community, name=f"{letter}家园", property_project=project)
    BuildingFactory(compound=compound, number="1")
    department = UnitFactory(name=f"{letter}部门")
    order = WorkOrderFactory(
        number=f"NO{letter}778899",
        title=f"{secret}标题",
        content=f"{secret}的诉求内容",
        community=community,
        compound=compound,
    )
    services.workorder_dispatch(
        order_id=order.pk, actor=dispatcher, lead_unit=project, co_handlers=[department]
    )
    dept_order = WorkOrderFactory(
        number=f"DP{letter}445566",
        title=f"{secret}部门件",
        content=f"{secret}部门件内容",
        community=community,
    )
    services.workorder_dispatch(order_id=dept_order.pk, actor=dispatcher, lead_unit=department)
    return Side(
        community_unit=community_unit,
        project=project,
        department=department,
        order=WorkOrder.objects.get(pk=order.pk),
        dept_order=WorkOrder.objects.get(pk=dept_order.pk),
        property_user=UserFactory(username=f"wy{letter}", role=Role.PROPERTY, unit=project.parent),
        community_user=UserFactory(username=f"sq{letter}", role=Role.COMMUNITY, unit=community_unit),
        department_user=UserFactory(username=f"bm{letter}", role=Role.DEPARTMENT, unit=department),
    )


@pytest.fixture
def street(db, dispatcher) -> Street:
    return Street(
        a=make_side("甲", dispatcher, "甲方楼道灯不亮"),
        b=make_side("乙", dispatcher, "乙方地库漏水"),
        dispatcher=dispatcher,
        leader=UserFactory(username="leader", role=Role.LEADER),
    )


@pytest.fixture
def login(client):
    def as_user(user: User):
        client.force_login(user)
        return client

    return as_user
