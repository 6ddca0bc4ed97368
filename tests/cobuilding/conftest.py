"""The whistle tests' small street, with a second co-building unit, profiles and one activity each side."""

from dataclasses import dataclass
from datetime import date

import pytest

from jiesu.accounts.models import Role, User
from jiesu.cobuilding import services
from jiesu.cobuilding.models import ActivityType, CobuildingProfile, JointActivity, Resource
from jiesu.units.models import Unit
from tests.factories import UnitFactory, UserFactory
from tests.whistles.conftest import MORNING, street  # noqa: F401  (the fixture)

SECRET = "乙方公交站台共建"


@dataclass
class Committee:
    street: object
    bus: Unit
    metro_profile: CobuildingProfile
    bus_profile: CobuildingProfile
    ours: JointActivity  # the metro with 甲社区
    theirs: JointActivity  # the bus company with 乙社区
    users: dict[str, User]

    def __getitem__(self, name: str) -> User:
        return self.users.get(name) or self.street[name]


def activity(actor, community, units, title="地铁安全知识进社区", day=date(2024, 3, 5)) -> JointActivity:
    return services.activity_create(
        actor=actor,
        title=title,
        type=ActivityType.objects.get(name="安全宣传"),
        date=day,
        place="社区活动室",
        community=community,
        units=units,
        description=f"{title}：讲解乘车安全。",
        now=MORNING,
    )


@pytest.fixture
def committee(street) -> Committee:  # noqa: F811
    bus = UnitFactory(name="公交客运分公司", kind=Unit.Kind.COBUILDING)
    users = {"bus": UserFactory(username="gj2", display_name="孟公交", role=Role.DEPARTMENT, unit=bus)}
    metro_profile = CobuildingProfile.objects.create(unit=street.metro, community=street.community)
    Resource.objects.create(profile=metro_profile, kind="venue", name="站内活动室", capacity=40)
    bus_profile = CobuildingProfile.objects.create(unit=bus, community=street.other_community)
    ours = activity(street["community"], street.community, [street.metro])
    theirs = activity(street["other_community"], street.other_community, [bus], title=f"{SECRET}活动")
    return Committee(street, bus, metro_profile, bus_profile, ours, theirs, users)
