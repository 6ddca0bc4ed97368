from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from jiesu.accounts.models import Role
from tests.factories import (
    BuildingFactory,
    CategoryFactory,
    CommunityUnitFactory,
    CompoundFactory,
    UnitFactory,
    UserFactory,
    WorkOrderFactory,
)

NOW = datetime(2025, 7, 15, 12, 0, tzinfo=timezone.get_fixed_timezone(480))


@pytest.fixture
def street(db):
    """Two communities with a compound each; a leaf category; a property unit leading some orders."""
    top = CategoryFactory(name="城乡建设")
    mid = CategoryFactory(name="物业管理", parent=top)
    leak = CategoryFactory(name="房屋漏水", parent=mid)
    unit_a = CommunityUnitFactory()
    unit_b = CommunityUnitFactory()
    compound_a = CompoundFactory(community=unit_a.community, name="阳光星苑", lat=39.90, lng=116.40)
    compound_b = CompoundFactory(community=unit_b.community, name="芳林园", lat=39.91, lng=116.41)
    company = UnitFactory(name="星苑物业")
    return {
        "leak": leak,
        "unit_a": unit_a,
        "unit_b": unit_b,
        "a": compound_a,
        "b": compound_b,
        "building_a": BuildingFactory(compound=compound_a, number="5"),
        "company": company,
        "community_user_a": UserFactory(role=Role.COMMUNITY, unit=unit_a),
        "community_user_b": UserFactory(role=Role.COMMUNITY, unit=unit_b),
        "company_user": UserFactory(role=Role.DEPARTMENT, unit=company),
    }


def make_order(street, compound_key: str, at: datetime, **extra):
    compound = street[compound_key]
    extra.setdefault("category", street["leak"])
    return WorkOrderFactory(
        received_at=at,
        community=compound.community,
        compound=compound,
        **extra,
    )


def burst(street, compound_key: str = "a", n: int = 4, start: datetime = NOW - timedelta(hours=10), **extra):
    return [make_order(street, compound_key, start + timedelta(hours=2 * i), **extra) for i in range(n)]
