"""The demo street's 吹哨报到 and co-building committee: the seed story, the history, open work.

The street and a week of orders are loaded (fast); the two seeders then play their whole history
from 2023 through the real services, once for this module, rolled back afterwards.
"""

import random
from datetime import date, datetime

import pytest
from django.db import transaction

from jiesu.accounts.models import User
from jiesu.cobuilding.demo import cobuilding_demo_seed
from jiesu.cobuilding.models import CobuildingProfile, JointActivity
from jiesu.core.extensions import DemoContext, demo_seeders
from jiesu.demo.loader import demo_load
from jiesu.demo.street import build_street
from jiesu.units.models import Unit
from jiesu.whistles.deadlines import working_clock
from jiesu.whistles.demo import seed
from jiesu.whistles.models import Summons, Whistle
from jiesu.whistles.states import whistle_status_for
from jiesu.whistles.tiles import whistle_tiles

UNTIL = date(2025, 3, 14)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        loaded = demo_load(seed=2024, until=UNTIL, start=date(2025, 3, 7), password="demo-pw")
        context = DemoContext(
            seed=2024, now=loaded.now, start=date(2023, 1, 1), until=UNTIL, password="demo-pw"
        )
        summaries = [seed.whistles_demo_seed(context), cobuilding_demo_seed(context)]
        yield {"context": context, "summaries": summaries}
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_both_seeders_are_registered_in_order():
    keys = [key for key, _ in demo_seeders.keyed()]
    assert keys.index("whistles") < keys.index("cobuilding")


def test_the_seed_story_roof_leaks_answered_by_the_nanyuan_branch(demo):
    story = Whistle.objects.get(title=seed.topics.STORY_TITLE)
    assert (story.community.name, story.compound.name, story.building.number) == ("星苑社区", "阳光星苑", "5")
    assert story.status == "solved" and story.solved_at.date() < date(2024, 6, 15)  # before the rainy season
    nanyuan = story.summonses.get(unit__name="城市更新集团南苑分部")
    assert nanyuan.unit.kind == Unit.Kind.DEPARTMENT
    assert nanyuan.on_site and nanyuan.on_time and nanyuan.checked_in_by.username == "nanyuan"
    assert all(f"{n}号" in nanyuan.result for n in ("5", "13", "16")) and "应急公共维修资金" in nanyuan.result
    assert (nanyuan.rating_on_time, nanyuan.rating_effective, nanyuan.rating_satisfied) == (5, 5, 5)
    assert nanyuan.whistle_reasonable is True
    assert story.summonses.filter(unit__kind=Unit.Kind.PROPERTY_PROJECT, status="solved").exists()
    assert "南苑分部" in demo["summaries"][0]


def test_whistles_answered_by_departments_over_2023_and_2024(demo):
    for year in (2023, 2024):
        whistles = Whistle.objects.filter(blown_at__year=year)
        assert whistles.count() >= 30
        answered = Summons.objects.filter(
            whistle__in=whistles, unit__kind=Unit.Kind.DEPARTMENT, checked_in_at__isnull=False
        )
        assert answered.count() >= 15
    assert (
        Summons.objects.filter(on_time=False).exists() and Summons.objects.filter(send_backs__gt=0).exists()
    )
    assert Summons.objects.filter(whistle_reasonable=False).exclude(whistle_reason="").exists()
    for whistle in Whistle.objects.all():
        assert whistle.status == whistle_status_for(list(whistle.summonses.values_list("status", flat=True)))
        assert list(whistle.events.values_list("at", flat=True)) == sorted(
            whistle.events.values_list("at", flat=True)
        )


def test_open_work_waits_on_the_demo_logins_workbenches(demo):
    statuses = set(Whistle.objects.filter(blown_at__year=2025).values_list("status", flat=True))
    assert {"blown", "handling", "confirming", "solved"} <= statuses
    tiles = {tile.label: tile.count for tile in whistle_tiles(User.objects.get(username="department"))}
    assert tiles["待报到"] >= 1 and tiles["报到超时"] >= 1
    tiles = {tile.label: tile.count for tile in whistle_tiles(User.objects.get(username="community"))}
    assert tiles["待确认结果"] >= 1 and tiles["待评价单位"] >= 1
    assert Summons.objects.filter(escalation_level=2).exists()  # the scan ran at the demo's now


def test_the_metro_co_builds_with_its_community_with_six_activities(demo):
    metro = CobuildingProfile.objects.get(unit__name="地铁运营公司")
    assert metro.community.name == seed.topics.METRO_COMMUNITY
    held = JointActivity.objects.filter(units=metro.unit, community=metro.community, status="held")
    assert held.count() == 6 and all(a.participants for a in held)
    assert metro.resources.filter(kind="venue").exists() and metro.resources.filter(kind="funds").exists()
    assert Summons.objects.filter(
        unit=metro.unit, checked_in_at__isnull=False
    ).exists()  # whistles it answered
    assert JointActivity.objects.filter(status="planned").count() == 1


def test_the_plan_is_the_same_for_the_same_seed(demo):
    cast = seed.Cast(build_street())
    cast.units = {u.name: u for u in Unit.objects.all()}
    clock, now = working_clock(), demo["context"].now
    first = seed._plans(cast, random.Random("jiesu-whistles-2024"), clock, now)
    again = seed._plans(cast, random.Random("jiesu-whistles-2024"), clock, now)
    assert [(p.blown_at, p.topic.title, p.units, p.fates) for p in first] == [
        (p.blown_at, p.topic.title, p.units, p.fates) for p in again
    ]
    assert Whistle.objects.count() == len([p for p in first if p.blown_at <= now])
    assert min(p.blown_at for p in first) >= datetime(2023, 1, 1, tzinfo=now.tzinfo)


def test_the_summary_lines(demo):
    whistles, cobuilding = demo["summaries"]
    assert whistles.startswith("吹哨报到：吹哨 ") and "阳光星苑" in whistles
    assert cobuilding.startswith("共建单位：3 家") and "6 次" in cobuilding
