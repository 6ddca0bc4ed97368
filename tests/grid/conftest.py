"""Two communities, north and south, each with a compound of three buildings and a unit; north has
its 4+1+N groups, a grid worker who is a member of zone one, and members in every group."""

from dataclasses import dataclass

import pytest

from jiesu.accounts.models import Role, User
from jiesu.grid import services
from jiesu.grid.models import GridGroup, GridMember
from jiesu.places.models import Building, Community, Compound
from tests.factories import BuildingFactory, CommunityUnitFactory, CompoundFactory, UserFactory


@dataclass
class Grid:
    north: Community
    south: Community
    compound: Compound  # north
    buildings: list[Building]  # north
    zones: list[GridGroup]  # north
    safety: GridGroup
    dispatcher: User
    leader: User
    community_user: User
    grid_user: User  # north, member of zones[0]
    south_user: User
    member: GridMember  # the grid worker in zones[0]
    other_member: GridMember  # a resident in zones[1]
    south_member: GridMember


@pytest.fixture
def grid(db) -> Grid:
    north_unit = CommunityUnitFactory(community__name="北湖社区")
    south_unit = CommunityUnitFactory(community__name="南苑社区")
    north, south = north_unit.community, south_unit.community
    compound = CompoundFactory(community=north, name="北湖家园")
    buildings = [BuildingFactory(compound=compound, number=str(n)) for n in (1, 2, 3)]
    south_compound = CompoundFactory(community=south, name="南苑小区")
    BuildingFactory(compound=south_compound, number="1")
    dispatcher = UserFactory(username="dispatcher", role=Role.DISPATCHER)
    grid_user = UserFactory(username="wgnorth", role=Role.GRID_WORKER, unit=north_unit, display_name="周红")
    zones = [
        services.group_create(actor=dispatcher, community=north, kind="zone", name=f"北湖第{n}责任区群")
        for n in "一二三四"
    ]
    services.group_buildings_set(actor=dispatcher, group_id=zones[0].pk, buildings=buildings[:2])
    safety = services.group_create(actor=dispatcher, community=north, kind="safety", name="北湖安全志愿者群")
    member = services.member_add(
        actor=dispatcher, group_id=zones[0].pk, name="周红", role="worker", user=grid_user
    )
    other = services.member_add(actor=dispatcher, group_id=zones[1].pk, name="孙居民", role="resident")
    south_group = services.group_create(
        actor=dispatcher, community=south, kind="zone", name="南苑秘密责任区群"
    )
    south_member = services.member_add(
        actor=dispatcher, group_id=south_group.pk, name="南苑成员", role="worker"
    )
    return Grid(
        north=north,
        south=south,
        compound=compound,
        buildings=buildings,
        zones=zones,
        safety=safety,
        dispatcher=dispatcher,
        leader=UserFactory(username="leader", role=Role.LEADER),
        community_user=UserFactory(username="sqnorth", role=Role.COMMUNITY, unit=north_unit),
        grid_user=grid_user,
        south_user=UserFactory(username="sqsouth", role=Role.COMMUNITY, unit=south_unit),
        member=member,
        other_member=other,
        south_member=south_member,
    )
