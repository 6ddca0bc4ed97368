"""One gazetteer: intake (`place_resolve`, the order form and the import) and triage read the same
resolver, so they agree on the forms callers write; roads and landmarks are places of their own."""

import pytest

from jiesu.places.models import Building, Compound
from jiesu.places.selectors import place_resolve
from jiesu.triage.services import triage_order
from jiesu.workorders import services
from jiesu.workorders.models import Flag
from tests.factories import CommunityFactory, CompoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gazetteer():
    xingyuan = CommunityFactory(name="星苑社区", aliases=["星苑"])
    sunshine = CompoundFactory(name="阳光星苑", community=xingyuan, aliases=["阳光星苑小区"])
    Building.objects.bulk_create([Building(compound=sunshine, number=str(n)) for n in range(1, 21)])
    zaoyuan = CommunityFactory(name="枣园社区")
    CompoundFactory(name="枣园小区", community=zaoyuan)
    return {"sunshine": sunshine, "building5": Building.objects.get(compound=sunshine, number="5")}


@pytest.mark.parametrize(
    ("text", "room"),
    [
        ("阳光星苑5-2-301", "301"),
        ("阳光星苑5座", ""),
        ("阳光新苑5号楼漏雨", ""),
    ],  # 新 for 星: a homophone slip
)
def test_intake_and_triage_place_the_same_text_the_same_way(gazetteer, text, room):
    resolved = place_resolve(text=text)
    order = services.workorder_create(actor=None, content="顶层漏雨，请尽快处理", address_text=text)
    result = triage_order(order_id=order.pk)

    assert (resolved.compound_id, resolved.building_id) == (
        gazetteer["sunshine"].pk,
        gazetteer["building5"].pk,
    )
    assert (order.compound_id, order.building_id) == (resolved.compound_id, resolved.building_id)
    assert (result.compound_id, result.building_id) == (resolved.compound_id, resolved.building_id)
    assert result.place_confidence == resolved.confidence and result.room == room
    assert Flag.UNRESOLVED_PLACE.value not in order.flags


def test_a_road_and_its_bus_stop_are_not_the_compound_named_like_the_road(gazetteer):
    text = "枣园路公交站附近工地每天晚上十一点以后还在施工"
    resolved = place_resolve(text=text)
    order = services.workorder_create(actor=None, content=text, address_text="")
    result = triage_order(order_id=order.pk)

    assert resolved.compound_id is None and resolved.community_id is None
    assert resolved.landmark == "枣园路公交站"
    assert order.compound_id is None and Flag.UNRESOLVED_PLACE.value in order.flags
    assert result.compound_id is None and result.place_confidence < 0.5
    assert place_resolve(text="枣园小区3号楼").compound_id == Compound.objects.get(name="枣园小区").pk


def test_one_invalidation_renaming_a_compound_is_seen_by_both(gazetteer):
    assert place_resolve(text="阳光星苑5号楼").compound_id == gazetteer["sunshine"].pk
    sunshine = gazetteer["sunshine"]
    sunshine.aliases = [*sunshine.aliases, "星苑阳光城"]
    sunshine.save()
    assert place_resolve(text="星苑阳光城5号楼").building_id == gazetteer["building5"].pk
    order = services.workorder_create(actor=None, content="漏雨", address_text="星苑阳光城5号楼")
    assert triage_order(order_id=order.pk).building_id == gazetteer["building5"].pk
