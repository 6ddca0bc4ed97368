"""居民议事's report section: per programme, the period's proposals, topics, meetings and decisions,
scoped like every figure (a community its own programmes; units none)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jiesu.core.extensions import report_sections
from jiesu.deliberation import services
from jiesu.deliberation.extensions import programmes_section
from jiesu.insight.selectors.scope import Scope, insight_scope
from tests.deliberation.test_views import _loop, body

pytestmark = pytest.mark.django_db


def test_the_section_counts_each_programme_in_the_period(street):
    today = timezone.localdate()
    loop = _loop(
        street, street.programme, street["community"], street.housing, "停车位不足消防通道被占", today
    )
    services.submission_create(
        programme_id=street.programme.pk, channel="online", content="线上提交的一条议题内容"
    )
    services.task_report(task_id=loop["task"].pk, actor=street["department"], progress="已完成")
    services.task_confirm(task_id=loop["task"].pk, actor=street["community"])
    start, end = today.replace(day=1), today
    section = programmes_section(scope=Scope(street_wide=True), start=start, end=end)
    rows = {row[0]: row[1:] for row in section.rows}
    assert rows["大槐树下唠家常（甲社区）"] == [2, 1, 1, 1, 1, 1, 1, 1.0, 0]
    assert rows["乙社区议事厅（乙社区）"] == [0, 0, 0, 0, 0, 0, 0, None, 0]
    mine = programmes_section(scope=insight_scope(user=street["community"]), start=start, end=end)
    assert [row[0] for row in mine.rows] == ["大槐树下唠家常（甲社区）"]
    assert programmes_section(scope=insight_scope(user=street["department"]), start=start, end=end) is None
    earlier = programmes_section(
        scope=Scope(street_wide=True), start=start - timedelta(days=400), end=start - timedelta(days=40)
    )
    assert all(row[1] == 0 and row[6] == 0 for row in earlier.rows)


def test_the_section_is_on_the_insight_page(client, street):
    _loop(
        street,
        street.programme,
        street["community"],
        street.housing,
        "停车位不足消防通道被占",
        timezone.localdate(),
    )
    client.force_login(street["leader"])
    with report_sections.only("deliberation"):
        page = body(client.get("/insight/"))
    assert "居民议事" in page and "大槐树下唠家常" in page
