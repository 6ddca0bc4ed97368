"""A small street for the whistle tests: two communities, the units a whistle summons, a user per role.

Community 甲 blows whistles; 乙 is the other side, whose whistles 甲's people must never see.
"""

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jiesu.accounts.models import Role, User
from jiesu.places.models import Community, Compound
from jiesu.units.models import Unit
from jiesu.whistles import services
from jiesu.whistles.models import Whistle
from tests.factories import (
    BuildingFactory,
    CommunityFactory,
    CommunityUnitFactory,
    CompoundFactory,
    PropertyProjectFactory,
    UnitFactory,
    UserFactory,
)

TZ = ZoneInfo("Asia/Shanghai")
# a Tuesday morning, a plain working day (2024-03-12)
MORNING = datetime(2024, 3, 12, 9, 0, tzinfo=TZ)


def at(text: str) -> datetime:
    """'2024-03-12 10:30' in Beijing time."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def jpeg(color=(30, 120, 200)) -> SimpleUploadedFile:
    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x0110] = "Secret Phone Model"
    Image.new("RGB", (40, 30), color).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("scene.jpg", buffer.getvalue(), content_type="image/jpeg")


@dataclass
class Street:
    community: Community  # 甲社区
    other_community: Community  # 乙社区
    compound: Compound
    community_unit: Unit
    other_community_unit: Unit
    housing: Unit  # a department
    water: Unit  # a utility
    project: Unit  # a property project of `company`
    company: Unit
    metro: Unit  # a co-building unit
    section: Unit  # a street section
    bystander: Unit  # a department never summoned here
    users: dict[str, User]

    def __getitem__(self, name: str) -> User:
        return self.users[name]


@pytest.fixture
def street(db) -> Street:
    community = CommunityFactory(name="甲社区")
    other = CommunityFactory(name="乙社区")
    community_unit = CommunityUnitFactory(community=community, name="甲社区居委会")
    other_unit = CommunityUnitFactory(community=other, name="乙社区居委会")
    compound = CompoundFactory(community=community, name="阳光家园")
    for number in ("5", "13", "16"):
        BuildingFactory(compound=compound, number=number)
    CompoundFactory(community=other, name="乙家园")
    project = PropertyProjectFactory(name="安居物业甲项目部", parent__name="安居物业公司")
    units = {
        "housing": UnitFactory(name="区住建委", kind=Unit.Kind.DEPARTMENT),
        "water": UnitFactory(name="自来水公司", kind=Unit.Kind.UTILITY),
        "metro": UnitFactory(name="地铁运营公司", kind=Unit.Kind.COBUILDING),
        "section": UnitFactory(name="城市更新专班", kind=Unit.Kind.STREET_SECTION),
        "bystander": UnitFactory(name="区园林绿化局", kind=Unit.Kind.DEPARTMENT),
    }
    users = {
        "dispatcher": UserFactory(username="dispatcher", display_name="李派单", role=Role.DISPATCHER),
        "centre_admin": UserFactory(username="centre", role=Role.CENTRE_ADMIN),
        "leader": UserFactory(username="leader", role=Role.LEADER),
        "community": UserFactory(
            username="sq", display_name="刘社区", role=Role.COMMUNITY, unit=community_unit
        ),
        "other_community": UserFactory(username="sq2", role=Role.COMMUNITY, unit=other_unit),
        "grid_worker": UserFactory(username="grid", role=Role.GRID_WORKER, unit=community_unit),
        "department": UserFactory(
            username="bm", display_name="王住建", role=Role.DEPARTMENT, unit=units["housing"]
        ),
        "department2": UserFactory(
            username="bm2", display_name="赵住建", role=Role.DEPARTMENT, unit=units["housing"]
        ),
        "water": UserFactory(username="gy", display_name="钱水务", role=Role.DEPARTMENT, unit=units["water"]),
        "metro": UserFactory(username="gj", role=Role.DEPARTMENT, unit=units["metro"]),
        "bystander": UserFactory(username="bm9", role=Role.DEPARTMENT, unit=units["bystander"]),
        "property": UserFactory(username="wy", role=Role.PROPERTY, unit=project.parent),
        "evaluator": UserFactory(username="pg", role=Role.EVALUATOR),
        "station_staff": UserFactory(username="yz", role=Role.STATION_STAFF),
        "security_admin": UserFactory(username="aq", role=Role.SECURITY_ADMIN),
        "auditor": UserFactory(username="sj", role=Role.AUDITOR),
    }
    return Street(
        community,
        other,
        compound,
        community_unit,
        other_unit,
        units["housing"],
        units["water"],
        project,
        project.parent,
        units["metro"],
        units["section"],
        units["bystander"],
        users,
    )


def blow(street: Street, *, units=None, actor=None, now=MORNING, community=None, **extra) -> Whistle:
    """甲社区 summons 区住建委 and 自来水公司 (by default) about a roof leak."""
    fields = {
        "title": "阳光家园5号楼顶层漏雨",
        "description": "连续降雨，5号楼顶层多户漏雨，需住建、供水单位到场查看。",
        "urgency": "urgent",
        "compound": street.compound,
        "building_number": "5",
    } | extra
    return services.whistle_blow(
        actor=actor or street["community"],
        community=community or street.community,
        units=units if units is not None else [street.housing, street.water],
        now=now,
        **fields,
    )
