"""Groups (4+1+N) and a matter's tiered handling through the services: 小事 settled in the group,
大事 an order in the community's own queue, 难点 an order for the centre — each step one event."""

import pytest

from jiesu.core.errors import ConcurrentChange, NotPermitted, TransitionNotAllowed, ValidationFailed
from jiesu.grid import services
from jiesu.grid.models import GridEvent, GridGroup, GridMatter
from jiesu.workorders.models import Channel, WorkOrder, WorkOrderEvent
from tests.factories import WorkOrderFactory

pytestmark = pytest.mark.django_db


def test_four_zones_one_safety_group_per_community(grid):
    with pytest.raises(ValidationFailed, match="4 个责任区群"):
        services.group_create(actor=grid.dispatcher, community=grid.north, kind="zone", name="第五责任区群")
    with pytest.raises(ValidationFailed, match="只设一个"):
        services.group_create(actor=grid.dispatcher, community=grid.north, kind="safety", name="第二安全群")
    assert GridGroup.objects.filter(community=grid.north).count() == 5
    services.group_create(
        actor=grid.community_user, community=grid.north, kind="volunteers", name="北湖网格志愿者"
    )
    with pytest.raises(NotPermitted):
        services.group_create(
            actor=grid.community_user, community=grid.south, kind="safety", name="南苑安全群"
        )
    with pytest.raises(NotPermitted):
        services.group_create(actor=grid.grid_user, community=grid.north, kind="safety", name="x")


def test_a_building_belongs_to_one_zone(grid):
    with pytest.raises(ValidationFailed, match="已分给其他责任区"):
        services.group_buildings_set(
            actor=grid.dispatcher, group_id=grid.zones[1].pk, buildings=grid.buildings[1:]
        )
    with pytest.raises(ValidationFailed, match="只有责任区群"):
        services.group_buildings_set(
            actor=grid.dispatcher, group_id=grid.safety.pk, buildings=grid.buildings[2:]
        )
    services.group_buildings_set(
        actor=grid.dispatcher, group_id=grid.zones[1].pk, buildings=grid.buildings[2:]
    )
    assert list(grid.zones[1].buildings.all()) == [grid.buildings[2]]
    assert GridEvent.objects.filter(group=grid.zones[1], kind="group_changed").count() == 1


def record(grid, tier: str, actor=None, member=None):
    return services.matter_record(
        actor=actor or grid.grid_user,
        reporter_id=(member or grid.member).pk,
        tier=tier,
        title=f"{tier} 事项",
        description="楼道里",
        compound=grid.compound,
        building=grid.buildings[0],
    )


def test_a_small_matter_is_settled_in_the_group(grid):
    matter = record(grid, "minor")
    matter = services.matter_settle(actor=grid.grid_user, matter_id=matter.pk, note="已劝导清理")
    assert matter.status == "settled" and matter.settled_at and matter.order is None
    kinds = list(GridEvent.objects.filter(matter=matter).values_list("kind", flat=True))
    assert kinds == ["recorded", "settle"]
    assert not WorkOrder.objects.exists()


def test_a_big_matter_becomes_an_order_in_the_communitys_own_queue(grid):
    matter = record(grid, "major")
    matter = services.matter_escalate(actor=grid.grid_user, matter_id=matter.pk, note="需维修资金")
    order = matter.order
    assert matter.status == "to_community" and order.channel == Channel.GRID
    assert order.lead_unit == grid.north.unit and order.status == "dispatched"
    assert order.community == grid.north and order.building == grid.buildings[0]
    assert "周红" in order.content and "需维修资金" in order.content
    assert list(WorkOrderEvent.objects.filter(order=order).values_list("kind", flat=True)) == [
        "created",
        "dispatch",
    ]
    event = GridEvent.objects.get(matter=matter, kind="escalate_community")
    assert (
        event.actor == grid.grid_user and event.old == {"status": "open"} and event.new["order"] == order.pk
    )


def test_a_hard_matter_becomes_an_order_for_the_centre(grid):
    matter = record(grid, "hard")
    matter = services.matter_escalate(actor=grid.community_user, matter_id=matter.pk)
    assert matter.status == "to_street" and matter.order.status == "new" and matter.order.lead_unit is None
    assert matter.order.urgency == "urgent"
    assert GridEvent.objects.filter(matter=matter, kind="escalate_street").count() == 1


def test_the_tier_decides_the_handling_until_it_is_changed(grid):
    matter = record(grid, "minor")
    with pytest.raises(ValidationFailed, match="请先调整层级"):
        services.matter_escalate(actor=grid.grid_user, matter_id=matter.pk)
    assert not WorkOrder.objects.exists()
    services.matter_retier(actor=grid.grid_user, matter_id=matter.pk, tier="major", note="涉及多户")
    matter = services.matter_escalate(actor=grid.grid_user, matter_id=matter.pk)
    assert matter.status == "to_community"
    kinds = list(GridEvent.objects.filter(matter=matter).values_list("kind", flat=True))
    assert kinds == ["recorded", "retier", "escalate_community"]


def test_a_handled_matter_cannot_be_handled_again_and_nothing_changes(grid):
    matter = services.matter_settle(actor=grid.grid_user, matter_id=record(grid, "minor").pk, note="好了")
    before = (GridEvent.objects.count(), GridMatter.objects.get(pk=matter.pk).version)
    for call in (
        lambda: services.matter_settle(actor=grid.grid_user, matter_id=matter.pk, note="again"),
        lambda: services.matter_withdraw(actor=grid.grid_user, matter_id=matter.pk, note="x"),
        lambda: services.matter_retier(actor=grid.grid_user, matter_id=matter.pk, tier="major", note="x"),
    ):
        with pytest.raises(TransitionNotAllowed):
            call()
    assert (GridEvent.objects.count(), GridMatter.objects.get(pk=matter.pk).version) == before


def test_a_stale_version_is_refused(grid):
    matter = record(grid, "minor")
    with pytest.raises(ConcurrentChange):
        services.matter_settle(
            actor=grid.grid_user, matter_id=matter.pk, note="x", expected_version=matter.version + 1
        )


def test_who_records_and_handles(grid):
    with pytest.raises(ValidationFailed, match="您所在的网格群"):
        record(grid, "minor", member=grid.other_member)  # the grid worker is not in zone two
    assert record(grid, "minor", actor=grid.community_user, member=grid.other_member).group == grid.zones[1]
    with pytest.raises(NotPermitted):
        record(grid, "minor", actor=grid.south_user)
    with pytest.raises(NotPermitted):
        record(grid, "minor", actor=grid.leader)
    matter = record(grid, "minor")
    with pytest.raises(NotPermitted):
        services.matter_settle(actor=grid.south_user, matter_id=matter.pk, note="x")
    with pytest.raises(NotPermitted):
        services.matter_link_hotline(actor=grid.grid_user, matter_id=matter.pk, number="x")


def test_linking_the_12345_order_it_became(grid):
    matter = services.matter_settle(actor=grid.grid_user, matter_id=record(grid, "minor").pk, note="好了")
    WorkOrderFactory(number="H1", channel=Channel.HOTLINE, community=grid.north)
    WorkOrderFactory(number="S1", channel=Channel.HOTLINE, community=grid.south)
    with pytest.raises(ValidationFailed, match="不属于本社区"):
        services.matter_link_hotline(actor=grid.community_user, matter_id=matter.pk, number="S1")
    with pytest.raises(ValidationFailed, match="没有找到"):
        services.matter_link_hotline(actor=grid.community_user, matter_id=matter.pk, number="NOPE")
    matter = services.matter_link_hotline(actor=grid.community_user, matter_id=matter.pk, number="H1")
    assert matter.hotline_order.number == "H1" and matter.status == "settled"
    assert GridEvent.objects.filter(matter=matter, kind="link_hotline").count() == 1
