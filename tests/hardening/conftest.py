import pytest
from django.test import Client

from jiesu.accounts.models import Role
from tests.factories import (
    CategoryFactory,
    CommunityFactory,
    CommunityUnitFactory,
    CompoundFactory,
    PropertyProjectFactory,
    UnitFactory,
    UserFactory,
    WorkOrderFactory,
)

# every role that can log in, with the unit or community it needs
ROLES = [
    Role.DISPATCHER,
    Role.CENTRE_ADMIN,
    Role.LEADER,
    Role.COMMUNITY,
    Role.PROPERTY,
    Role.DEPARTMENT,
    Role.GRID_WORKER,
    Role.EVALUATOR,
    Role.STATION_STAFF,
    Role.SECURITY_ADMIN,
    Role.AUDITOR,
]


@pytest.fixture
def street(db):
    """A small street with an order in every kind of scope, so lists are not empty."""
    community = CommunityFactory(name="光明社区")
    compound = CompoundFactory(community=community, name="幸福里")
    project = PropertyProjectFactory()
    department = UnitFactory(name="城管科")
    category = CategoryFactory(name="物业服务")
    order = WorkOrderFactory(
        number="H1", community=community, compound=compound, lead_unit=project, category=category
    )
    WorkOrderFactory(number="H2", lead_unit=department)
    WorkOrderFactory(number="H3")
    return {
        "order": order,
        "community": community,
        "community_unit": CommunityUnitFactory(community=community),
        "project": project,
        "department": department,
    }


def user_for(role: str, street: dict):
    unit = {
        Role.COMMUNITY: street["community_unit"],
        Role.GRID_WORKER: street["community_unit"],
        Role.PROPERTY: street["project"].parent,
        Role.DEPARTMENT: street["department"],
    }.get(role)
    return UserFactory(username=f"h-{role}", role=role, unit=unit)


@pytest.fixture
def logged_in(street) -> dict[str, Client]:
    """A logged-in test client per role."""
    clients = {}
    for role in ROLES:
        client = Client()
        client.force_login(user_for(role, street))
        clients[role] = client
    return clients
