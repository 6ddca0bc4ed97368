"""A small street for the register tests: two communities, a property project managing 甲's
compound, a topic (漏雨) with its order category, a user per role.

甲社区 keeps the leak register of 阳光家园; 乙社区 has its own (with text found nowhere else),
which 甲's people must never see.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from jiesu.accounts.models import Role, User
from jiesu.places.models import Community, Compound
from jiesu.registers import services
from jiesu.registers.models import Point, Register, Source, Topic
from jiesu.units.models import Unit
from jiesu.workorders.models import Category
from tests.factories import (
    BuildingFactory,
    CategoryFactory,
    CommunityFactory,
    CommunityUnitFactory,
    CompoundFactory,
    PropertyProjectFactory,
    UnitFactory,
    UserFactory,
)

TZ = ZoneInfo("Asia/Shanghai")
MORNING = datetime(2024, 4, 8, 9, 0, tzinfo=TZ)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@dataclass
class Street:
    community: Community
    other_community: Community
    compound: Compound  # 阳光家园 (甲), managed by `project`
    other_compound: Compound  # 乙家园 (乙)
    project: Unit
    topic: Topic
    leak: Category
    users: dict[str, User]

    def __getitem__(self, name: str) -> User:
        return self.users[name]


@pytest.fixture
def street(db) -> Street:
    community = CommunityFactory(name="甲社区")
    other = CommunityFactory(name="乙社区")
    community_unit = CommunityUnitFactory(community=community, name="甲社区居委会")
    other_unit = CommunityUnitFactory(community=other, name="乙社区居委会")
    project = PropertyProjectFactory(name="安居物业甲项目部", parent__name="安居物业公司")
    other_project = PropertyProjectFactory(name="乐居物业乙项目部", parent__name="乐居物业公司")
    compound = CompoundFactory(community=community, name="阳光家园", property_project=project)
    other_compound = CompoundFactory(community=other, name="乙家园", property_project=other_project)
    for number in ("5", "13", "16"):
        BuildingFactory(compound=compound, number=number)
    BuildingFactory(compound=other_compound, number="1")
    parent = CategoryFactory(name="物业管理")
    leak = CategoryFactory(name="房屋漏水", parent=parent)
    topic, _ = Topic.objects.get_or_create(name="漏雨", defaults={"days_to_close": 15})  # the default topic
    topic.categories.set([leak])
    department = UnitFactory(name="区住建委", kind=Unit.Kind.DEPARTMENT)
    users = {
        "dispatcher": UserFactory(username="dispatcher", role=Role.DISPATCHER),
        "centre_admin": UserFactory(username="centre", role=Role.CENTRE_ADMIN),
        "leader": UserFactory(username="leader", role=Role.LEADER),
        "community": UserFactory(
            username="sq", display_name="刘社区", role=Role.COMMUNITY, unit=community_unit
        ),
        "cadre": UserFactory(username="sq3", display_name="周包户", role=Role.COMMUNITY, unit=community_unit),
        "grid_worker": UserFactory(
            username="grid", display_name="王网格", role=Role.GRID_WORKER, unit=community_unit
        ),
        "other_community": UserFactory(username="sq2", role=Role.COMMUNITY, unit=other_unit),
        "property": UserFactory(username="wy", role=Role.PROPERTY, unit=project.parent),
        "other_property": UserFactory(username="wy2", role=Role.PROPERTY, unit=other_project.parent),
        "department": UserFactory(username="bm", role=Role.DEPARTMENT, unit=department),
        "evaluator": UserFactory(username="pg", role=Role.EVALUATOR),
        "station_staff": UserFactory(username="yz", role=Role.STATION_STAFF),
        "security_admin": UserFactory(username="aq", role=Role.SECURITY_ADMIN),
        "auditor": UserFactory(username="sj", role=Role.AUDITOR),
    }
    return Street(community, other, compound, other_compound, project, topic, leak, users)


def leak_register(street: Street, *, other: bool = False, now=MORNING) -> Register:
    actor = street["other_community"] if other else street["community"]
    compound = street.other_compound if other else street.compound
    return services.register_open(actor=actor, compound=compound, topic=street.topic, now=now)


def point(street: Street, register: Register, *, building="5", now=MORNING, actor=None, **extra) -> Point:
    fields = {"description": "顶层漏雨，屋面防水层老化。", "source": Source.VISIT} | extra
    return services.point_register(
        actor=actor or street["community"], register=register, building_number=building, now=now, **fields
    )
