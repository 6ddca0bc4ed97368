"""Two communities with a compound each, a station in each, the station's staff, the centre."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from jiesu.accounts.models import Role, User
from jiesu.places.models import Compound
from jiesu.riders.models import RestStation
from tests.factories import CommunityUnitFactory, CompoundFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@dataclass
class Riders:
    north: Compound
    south: Compound
    station: RestStation  # in the north community
    other: RestStation  # in the south community
    staff: User  # works at `station`
    other_staff: User  # works at `other`
    dispatcher: User
    community_user: User  # north's community worker


def make_station(compound: Compound, name: str, **values) -> RestStation:
    defaults = dict(
        name=name,
        host_name=f"{name}银行",
        host_kind="bank",
        community=compound.community,
        compound=compound,
        address="东门南侧1号",
        lat=compound.lat + 0.0005,
        lng=compound.lng + 0.0005,
        benefits="免费热水\n手机充电",
        has_charging=True,
    )
    defaults.update(values)
    return RestStation.objects.create(**defaults)


@pytest.fixture
def riders(db) -> Riders:
    north_unit = CommunityUnitFactory(community__name="北湖社区")
    south_unit = CommunityUnitFactory(community__name="南苑社区")
    north = CompoundFactory(community=north_unit.community, name="北湖家园", lat=39.9900, lng=116.4800)
    south = CompoundFactory(community=south_unit.community, name="南苑小区", lat=39.9700, lng=116.4600)
    station = make_station(north, "北湖驿站", has_microwave=True)
    other = make_station(south, "南苑驿站", has_toilet=True)
    staff = UserFactory(username="station", role=Role.STATION_STAFF)
    other_staff = UserFactory(username="station2", role=Role.STATION_STAFF)
    station.staff.add(staff)
    other.staff.add(other_staff)
    return Riders(
        north=north,
        south=south,
        station=station,
        other=other,
        staff=staff,
        other_staff=other_staff,
        dispatcher=UserFactory(username="dispatcher", role=Role.DISPATCHER),
        community_user=UserFactory(username="sqbeihu", role=Role.COMMUNITY, unit=north_unit),
    )
