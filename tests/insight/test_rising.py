"""本月上升的问题: the demo's heating case (暖气不热 from 0 to 90 in November) is either a warning or
says why not — on the dashboard and on the hotspot page alike.

The demo street shows it every year: 暖气不热 has no orders from April to October and ~90 in
November, because heating starts on 15 November (jiesu/demo/taxonomy.py, HEATING_PERIOD).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from jiesu.insight.models import SeasonalRule
from jiesu.insight.rollup import insight_rebuild, insight_refresh
from jiesu.insight.selectors.rising import rising_problems
from jiesu.insight.selectors.scope import Scope
from tests.factories import CategoryFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
NOVEMBER = date(2026, 11, 1)
NOW = datetime(2026, 11, 30, 10, tzinfo=BEIJING)


@pytest.fixture
def heating(street, monkeypatch):
    """暖气不热 (市政设施 › 供暖 › 暖气不热): none in August–October, 90 in November 2026."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    insight_rebuild()
    top = CategoryFactory(name="市政设施")
    heat = CategoryFactory(name="供暖", parent=top)
    cold = CategoryFactory(name="暖气不热", parent=heat)
    other = CategoryFactory(name="路灯不亮", parent=top)
    community = street["a"].community
    for n in range(90):
        WorkOrderFactory(community=community, category=cold, received_at=NOW - timedelta(hours=7 * n))
    for month in (8, 9, 10):  # something else every month, so the months before exist
        WorkOrderFactory(
            community=community, category=other, received_at=datetime(2026, month, 10, tzinfo=BEIJING)
        )
    insight_refresh()
    return {**street, "heat": heat, "cold": cold, "community": community}


def _heating_item(items):
    return next(item for item in items if item["short"] == "暖气不热")


def add_last_november(heating, count):
    for n in range(count):
        WorkOrderFactory(
            community=heating["community"],
            category=heating["cold"],
            received_at=datetime(2025, 11, 16, tzinfo=BEIJING) + timedelta(hours=3 * n),
        )
    insight_refresh()


def test_a_novel_rise_from_0_to_90_is_a_warning(heating):
    item = _heating_item(rising_problems(scope=Scope(street_wide=True), month=NOVEMBER))

    assert (item["count"], item["mean"], item["last_year"], item["verdict"]) == (90, 0.0, 0, "rising")
    assert "请关注" in item["reason"]


def test_as_many_as_last_november_is_the_usual_season_not_a_warning(heating):
    add_last_november(heating, 87)

    item = _heating_item(rising_problems(scope=Scope(street_wide=True), month=NOVEMBER))

    assert (item["last_year"], item["verdict"]) == (87, "usual")
    assert item["reason"] == "去年同月 87 件，属往年同期水平，不作预警。"


def test_a_seasonal_rule_explains_the_rise_even_without_last_year(heating):
    SeasonalRule.objects.create(
        name="供暖季", category=heating["heat"], start_month=11, start_day=15, end_month=3, end_day=15,
        note="每年11月15日开始供暖",
    )  # fmt: skip

    item = _heating_item(rising_problems(scope=Scope(street_wide=True), month=NOVEMBER))

    assert item["verdict"] == "seasonal"
    assert (
        item["reason"]
        == "供暖季（11月15日至次年3月15日）的季节性问题：每年11月15日开始供暖；去年同月 0 件，不作预警。"
    )


def test_a_seasonal_rule_does_not_cover_months_outside_its_season(heating):
    rule = SeasonalRule(
        name="供暖季", category=heating["heat"], start_month=11, start_day=15, end_month=3, end_day=15
    )
    covered = [month for month in range(1, 13) if rule.overlaps_month(date(2026, month, 1))]
    assert covered == [1, 2, 3, 11, 12]
    summer = SeasonalRule(
        name="汛期", category=heating["heat"], start_month=6, start_day=1, end_month=8, end_day=31
    )
    assert [month for month in range(1, 13) if summer.overlaps_month(date(2026, month, 1))] == [6, 7, 8]


def test_the_dashboard_and_the_hotspot_page_say_the_same(heating, client):
    SeasonalRule.objects.create(
        name="供暖季", category=heating["heat"], start_month=11, start_day=15, end_month=3, end_day=15
    )
    client.force_login(heating["leader"])
    reason = "供暖季（11月15日至次年3月15日）的季节性问题；去年同月 0 件，不作预警。"

    dashboard = client.get(
        reverse("insight_dashboard"), {"start": "2026-11", "end": "2026-11"}
    ).content.decode()
    hotspots = client.get(reverse("hotspot_alerts")).content.decode()

    for page in (dashboard, hotspots):
        assert "「暖气不热」本月 90 件" in page
        assert reason in page
        assert "不作预警" in page


def test_without_a_rule_both_pages_warn_and_the_hotspot_page_says_why_there_is_no_local_alert(
    heating, client
):
    client.force_login(heating["leader"])

    dashboard = client.get(
        reverse("insight_dashboard"), {"start": "2026-11", "end": "2026-11"}
    ).content.decode()
    hotspots = client.get(reverse("hotspot_alerts")).content.decode()

    assert "明显高于前三个月（月均 0.0 件）和去年同月（0 件），请关注。" in dashboard
    assert "明显高于前三个月（月均 0.0 件）和去年同月（0 件），请关注。" in hotspots
    assert "该类问题分散在各小区，没有一处在 48 小时内集中出现，故无局部热点预警。" in hotspots
