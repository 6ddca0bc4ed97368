"""A small street for the deliberation tests: two communities with a programme each, the units a
decision is given to, a user per role. 甲's people must never see 乙's programme."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from jiesu.accounts.models import Role, User
from jiesu.deliberation import services
from jiesu.deliberation.models import Programme
from jiesu.places.models import Building, Community
from jiesu.units.models import Unit
from tests.factories import (
    BuildingFactory,
    CommunityFactory,
    CommunityUnitFactory,
    CompoundFactory,
    UnitFactory,
    UserFactory,
)

TZ = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@dataclass
class Street:
    community: Community
    other_community: Community
    buildings: list[Building]
    programme: Programme
    other_programme: Programme
    housing: Unit
    community_unit: Unit
    users: dict[str, User]

    def __getitem__(self, name: str) -> User:
        return self.users[name]


@pytest.fixture
def street(db) -> Street:
    community = CommunityFactory(name="甲社区")
    other = CommunityFactory(name="乙社区")
    community_unit = CommunityUnitFactory(community=community, name="甲社区居委会")
    other_unit = CommunityUnitFactory(community=other, name="乙社区居委会")
    compound = CompoundFactory(community=community, name="槐园北里")
    buildings = [BuildingFactory(compound=compound, number=n) for n in ("1", "2", "3")]
    CompoundFactory(community=other, name="乙家园")
    housing = UnitFactory(name="区住建委", kind=Unit.Kind.DEPARTMENT)
    users = {
        "dispatcher": UserFactory(username="dispatcher", role=Role.DISPATCHER),
        "centre_admin": UserFactory(username="centre", role=Role.CENTRE_ADMIN),
        "leader": UserFactory(username="leader", role=Role.LEADER),
        "community": UserFactory(
            username="sq", display_name="刘社区", role=Role.COMMUNITY, unit=community_unit
        ),
        "other_community": UserFactory(username="sq2", role=Role.COMMUNITY, unit=other_unit),
        "grid_worker": UserFactory(username="grid", role=Role.GRID_WORKER, unit=community_unit),
        "department": UserFactory(username="bm", display_name="王住建", role=Role.DEPARTMENT, unit=housing),
        "bystander": UserFactory(
            username="bm9",
            role=Role.DEPARTMENT,
            unit=UnitFactory(name="区园林绿化局", kind=Unit.Kind.DEPARTMENT),
        ),
        "evaluator": UserFactory(username="pg", role=Role.EVALUATOR),
        "station_staff": UserFactory(username="yz", role=Role.STATION_STAFF),
        "auditor": UserFactory(username="sj", role=Role.AUDITOR),
    }
    programme = services.programme_create(
        actor=users["community"],
        community=community,
        name="大槐树下唠家常",
        started_on=date(2023, 7, 1),
        rules="每月第三个周四下午议事。",
        management_group="组长 刘社区",
        now=at("2023-06-20 10:00"),
    )
    other_programme = services.programme_create(
        actor=users["other_community"], community=other, name="乙社区议事厅", started_on=date(2024, 1, 1)
    )
    return Street(community, other, buildings, programme, other_programme, housing, community_unit, users)
