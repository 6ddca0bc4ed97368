"""Two communities — north (community worker `sqnorth`, grid worker `wgnorth`) and south (its own
worker) — with a volunteer and a resident in need each, and the street's four teams (migration)."""

from dataclasses import dataclass

import pytest

from jiesu.accounts.models import Role, User
from jiesu.places.models import Community
from jiesu.volunteers.models import Resident, Team, Volunteer
from jiesu.volunteers.services import resident_create, volunteer_create
from tests.factories import CommunityUnitFactory, CompoundFactory, UserFactory


@dataclass
class Street:
    north: Community
    south: Community
    team: Team
    dispatcher: User
    leader: User
    community_user: User  # north
    grid_user: User  # north
    south_user: User
    volunteer: Volunteer  # north
    resident: Resident  # north
    south_volunteer: Volunteer
    south_resident: Resident


@pytest.fixture
def street(db) -> Street:
    north_unit = CommunityUnitFactory(community__name="北湖社区")
    south_unit = CommunityUnitFactory(community__name="南苑社区")
    north, south = north_unit.community, south_unit.community
    CompoundFactory(community=north, name="北湖家园")
    CompoundFactory(community=south, name="南苑小区")
    dispatcher = UserFactory(username="dispatcher", role=Role.DISPATCHER)
    team = Team.objects.get(name="爱在南苑")
    values = dict(kind="resident", team=team, skills="理发", availability="周末")
    volunteer = volunteer_create(actor=dispatcher, values={**values, "name": "王北湖", "community": north})
    south_volunteer = volunteer_create(
        actor=dispatcher, values={**values, "name": "李南苑", "community": south}
    )
    person = dict(kind="alone", needs="日常探访", visit_every_days=7, phone="13812345678")
    resident = resident_create(actor=dispatcher, community=north, values={**person, "name": "赵北老"})
    south_resident = resident_create(
        actor=dispatcher, community=south, values={**person, "name": "钱南老", "needs": "南苑独居秘密需求"}
    )
    return Street(
        north=north,
        south=south,
        team=team,
        dispatcher=dispatcher,
        leader=UserFactory(username="leader", role=Role.LEADER),
        community_user=UserFactory(username="sqnorth", role=Role.COMMUNITY, unit=north_unit),
        grid_user=UserFactory(username="wgnorth", role=Role.GRID_WORKER, unit=north_unit),
        south_user=UserFactory(username="sqsouth", role=Role.COMMUNITY, unit=south_unit),
        volunteer=volunteer,
        resident=resident,
        south_volunteer=south_volunteer,
        south_resident=south_resident,
    )
