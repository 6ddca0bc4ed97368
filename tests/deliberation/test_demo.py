"""The demo street's 居民议事: 御槐园's programme since July 2023 with monthly topics and meetings,
the riders' council, and the effect (at most 46 orders a month before, single digits after).

The street and three months of orders around the programme's start are loaded; the seeder then plays
the whole history through the real services, once for this module, rolled back afterwards."""

from datetime import date

import pytest
from django.db import transaction

from jiesu.accounts.models import User
from jiesu.core.extensions import DemoContext, demo_seeders
from jiesu.deliberation.demo import seed
from jiesu.deliberation.extensions import deliberation_tiles
from jiesu.deliberation.models import Meeting, Programme, Task, Topic, TopicSubmission
from jiesu.deliberation.selectors import effect_months
from jiesu.demo.loader import demo_load
from jiesu.workorders.models import WorkOrder

UNTIL = date(2024, 12, 20)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        loaded = demo_load(seed=2024, until=date(2023, 8, 31), start=date(2023, 6, 1), password="demo-pw")
        now = loaded.now.replace(year=UNTIL.year, month=UNTIL.month, day=UNTIL.day)
        context = DemoContext(seed=2024, now=now, start=date(2023, 1, 1), until=UNTIL, password="demo-pw")
        summary = seed.deliberation_demo_seed(context)
        yield {"context": context, "summary": summary}
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_the_seeder_is_registered_after_the_public_kit():
    keys = [key for key, _ in demo_seeders.keyed()]
    assert keys.index("public") < keys.index("deliberation")


def test_yuhuaiyuan_programme_since_july_2023_with_monthly_topics_and_meetings(demo):
    programme = Programme.objects.get(name="大槐树下唠家常")
    assert programme.community.name == "御槐园社区" and programme.started_on == date(2023, 7, 1)
    months = set(Topic.objects.filter(programme=programme).values_list("month", flat=True))
    assert {date(2023, 7, 1), date(2024, 6, 1), date(2024, 11, 1)} <= months and len(months) >= 17
    held = Meeting.objects.filter(programme=programme, status="published")
    assert held.count() >= 16 and all(m.residents_count and m.social_organisations for m in held[:5])
    channels = set(TopicSubmission.objects.filter(programme=programme).values_list("channel", flat=True))
    assert {"mailbox", "visit", "online"} <= channels
    assert programme.representatives.count() == 14
    tasks = Task.objects.filter(meeting__programme=programme)
    assert tasks.filter(status="solved").count() >= 20
    assert tasks.filter(status="open", deadline__lt=UNTIL).exists()  # one overdue at the demo's now
    brought = WorkOrder.objects.filter(community=programme.community, channel="deliberation")
    assert tasks.filter(orders__in=brought).exists()  # the orders brought in through the programme
    assert "大槐树下唠家常（御槐园社区）" in demo["summary"]


def test_the_riders_council_meets_every_quarter_on_the_riders_suggestions(demo):
    council = Programme.objects.get(name="小哥议事会")
    assert council.community is None and council.audience == "riders" and council.order_channel == "rider"
    assert TopicSubmission.objects.filter(programme=council, channel="online").count() >= 9
    assert Meeting.objects.filter(programme=council).count() >= 3  # July and October 2024 at least
    assert "小哥议事会（街道）" in demo["summary"]


def test_the_effect_chart_marks_the_fall_at_the_start(demo):
    programme = Programme.objects.get(name="大槐树下唠家常")
    months = {m.month: m.orders for m in effect_months(programme=programme, until=date(2023, 7, 31))}
    assert 30 <= months[date(2023, 6, 1)] <= 46
    assert 1 <= months[date(2023, 7, 1)] <= 9


def test_open_work_waits_on_the_demo_logins_workbenches(demo):
    tiles = {t.label: t.count for t in deliberation_tiles(User.objects.get(username="community"))}
    assert tiles["议定事项逾期"] >= 1
    tiles = {t.label: t.count for t in deliberation_tiles(User.objects.get(username="department"))}
    assert tiles.get("本单位议定事项", 0) >= 0
