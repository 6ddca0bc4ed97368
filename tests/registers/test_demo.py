"""The demo street's registers and campaigns on a slice: the street and the orders of July 2023
(the leak season before the loop), then — with the demo's "now" in March 2025 — the whistles
seeder (for the 阳光星苑 whistle) and this seeder, rolled back afterwards."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from jiesu.accounts.models import User
from jiesu.core.extensions import DemoContext, demo_seeders
from jiesu.demo.loader import demo_load
from jiesu.registers.demo import registers_demo_seed
from jiesu.registers.models import Campaign, Point, PointEvent, Register
from jiesu.registers.selectors import campaign_board, point_list
from jiesu.registers.tiles import register_tiles
from jiesu.whistles.demo import topics
from jiesu.whistles.demo.seed import whistles_demo_seed
from jiesu.whistles.models import Whistle
from jiesu.whistles.selectors import whistle_links
from jiesu.workorders.models import WorkOrder

UNTIL = date(2025, 3, 14)
NOW = datetime(2025, 3, 14, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(seed=2024, until=date(2023, 7, 31), start=date(2023, 7, 1), password="demo-pw")
        context = DemoContext(seed=2024, now=NOW, start=date(2023, 1, 1), until=UNTIL, password="demo-pw")
        whistles_demo_seed(context)
        summary = registers_demo_seed(context)
        yield {"context": context, "summary": summary}
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_registered_after_the_whistles():
    keys = [key for key, _ in demo_seeders.keyed()]
    assert keys.index("whistles") < keys.index("registers")


def test_the_leak_register_of_yangguang_xingyuan(demo):
    register = Register.objects.get(compound__name="阳光星苑", topic__name="漏雨")
    whistle = Whistle.objects.get(title=topics.STORY_TITLE)
    story = Point.objects.filter(register=register, source="whistle").order_by("building__number")
    assert sorted(p.building.number for p in story) == ["13", "16", "5"]
    for point in story:
        assert point.status == "revisited" and point.cadre is not None
        assert point.repaired_at.date() == date(2024, 5, 31) and "应急公共维修资金" in point.repair_note
        assert point.revisited_at.date() < date(2024, 6, 15)  # before the rains
        assert point.source_ref == whistle.number  # the whistle the Nanyuan branch answered
        assert list(point.events.values_list("kind", flat=True)) == [
            "register",
            "assign",
            "respond",
            "repair",
            "revisit",
        ]
    assert sum(point.orders.count() for point in story) >= 1  # 2023's leak orders at those buildings
    assert register.points.filter(source="visit").count() == 2
    linked = {
        item.text for item in whistle_links(user=User.objects.get(username="dispatcher"), whistle=whistle)[0]
    }
    assert {f"阳光星苑·漏雨 {n}号楼" for n in ("5", "13", "16")} <= linked
    assert "阳光星苑" in demo["summary"]


def test_the_rainy_season_campaign_has_no_leak_orders_at_the_compound(demo):
    campaign = Campaign.objects.get(name="2024 汛期防漏雨")
    assert campaign.compounds.filter(name="阳光星苑").exists()
    assert campaign.tasks.exclude(status="done").count() == 0 and campaign.tasks.count() >= 2
    dispatcher = User.objects.get(username="dispatcher")
    board = campaign_board(user=dispatcher, campaign=campaign, today=date(2025, 1, 1))
    row = next(r for r in board.rows if r.name == "阳光星苑")
    assert board.finished and row.orders == 0 and row.orders_before > 0  # July 2023's leak orders
    assert row.orders == WorkOrder.objects.filter(
        compound__name="阳光星苑", category__name="房屋漏水", received_at__year=2024,
        received_at__month__in=(6, 7, 8, 9),
    ).count()  # fmt: skip


def test_open_work_shows_on_the_community_workbench(demo):
    community = User.objects.get(username="community")
    tiles = {tile.label: tile for tile in register_tiles(community)}
    assert tiles["逾期点位"].count >= 1 and tiles["待包户点位"].count >= 1
    assert tiles["逾期专项任务"].count >= 1
    assert tiles["逾期点位"].count == point_list(user=community, filters={"queue": "overdue"}).count()
    # people took every step; the system only flagged what was overdue at the demo's now (逾期督办)
    assert PointEvent.objects.filter(actor__isnull=True).exclude(kind="escalate").count() == 0
    assert PointEvent.objects.filter(kind="escalate").count() >= 1
