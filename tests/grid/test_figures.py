"""The figures equal hand counts: matters per tier, the share settled before becoming a 12345
order, and each community's months with zero 12345 orders."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from jiesu.core.extensions import report_sections
from jiesu.grid import services
from jiesu.grid.extensions import matters_section, zero_months_section
from jiesu.grid.selectors import matter_figures, months_between, zero_hotline_months
from jiesu.insight.selectors.scope import insight_scope
from jiesu.workorders.models import Channel
from jiesu.workorders.services import workorder_accept, workorder_resolve
from tests.factories import UserFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


def record(grid, tier, title="事项"):
    return services.matter_record(actor=grid.grid_user, reporter_id=grid.member.pk, tier=tier, title=title)


@pytest.fixture
def handled(grid):
    """3 small (2 settled, 1 open), 2 big (1 resolved by the community), 1 hard, 1 withdrawn;
    one settled small one came back as a 12345 order."""
    settled = [
        services.matter_settle(actor=grid.grid_user, matter_id=record(grid, "minor").pk, note="好")
        for _ in range(2)
    ]
    record(grid, "minor")
    big = [
        services.matter_escalate(actor=grid.grid_user, matter_id=record(grid, "major").pk) for _ in range(2)
    ]
    services.matter_escalate(actor=grid.grid_user, matter_id=record(grid, "hard").pk)
    services.matter_withdraw(actor=grid.grid_user, matter_id=record(grid, "minor").pk, note="重复")
    order = big[0].order
    workorder_accept(order_id=order.pk, actor=grid.community_user)
    workorder_resolve(order_id=order.pk, actor=grid.community_user, result="已修复")
    WorkOrderFactory(number="H1", channel=Channel.HOTLINE, community=grid.north)
    services.matter_link_hotline(actor=grid.community_user, matter_id=settled[0].pk, number="H1")
    return grid


def test_matters_per_tier_and_the_share_settled_early_equal_a_hand_count(handled):
    today = timezone.localdate()
    scope = insight_scope(user=handled.dispatcher)
    (row,) = matter_figures(scope=scope, start=today, end=today)
    assert (row.matters, row.minor, row.major, row.hard) == (6, 3, 2, 1)
    assert (row.settled, row.to_community, row.to_street) == (2, 2, 1)
    assert row.early == 2  # one settled without a 12345 order + the resolved big one
    assert row.early_share == pytest.approx(2 / 6)
    section = matters_section(scope=scope, start=today, end=today)
    assert section.rows == [["北湖社区", 6, 3, 2, 1, 2, 2, 1, pytest.approx(1 / 3)]]


def test_the_south_community_sees_no_north_figures(handled):
    today = timezone.localdate()
    assert matter_figures(scope=insight_scope(user=handled.south_user), start=today, end=today) == []
    assert matter_figures(scope=insight_scope(user=handled.leader), start=today, end=today)[0].matters == 6
    assert (
        matters_section(scope=insight_scope(user=UserFactory(role="evaluator")), start=today, end=today)
        is None
    )


def test_months_with_zero_12345_orders(grid):
    def hotline(day, community, channel=Channel.HOTLINE):
        WorkOrderFactory(
            channel=channel,
            community=community,
            received_at=datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=10),
        )

    hotline(date(2024, 1, 15), grid.north)
    hotline(date(2024, 3, 31), grid.north)
    hotline(date(2024, 2, 2), grid.north, channel=Channel.GRID)  # not a 12345 order
    hotline(date(2024, 2, 2), grid.south)
    scope = insight_scope(user=grid.dispatcher)
    found = {
        z.community.name: z
        for z in zero_hotline_months(scope=scope, start=date(2024, 1, 1), end=date(2024, 4, 30))
    }
    assert found["北湖社区"].zero == [date(2024, 2, 1), date(2024, 4, 1)]
    assert found["南苑社区"].zero == [date(2024, 1, 1), date(2024, 3, 1), date(2024, 4, 1)]
    assert len(found["北湖社区"].months) == 4
    with report_sections.only("grid_zero_months"):
        section = zero_months_section(scope=scope, start=date(2024, 1, 1), end=date(2024, 4, 30))
    assert ["北湖社区", 4, 2, "2024-02、2024-04"] in section.rows
    mine = zero_hotline_months(
        scope=insight_scope(user=grid.community_user), start=date(2024, 1, 1), end=date(2024, 4, 30)
    )
    assert [z.community.name for z in mine] == ["北湖社区"]


def test_months_between_spans_years():
    assert months_between(date(2023, 11, 20), date(2024, 2, 1)) == [
        date(2023, 11, 1),
        date(2023, 12, 1),
        date(2024, 1, 1),
        date(2024, 2, 1),
    ]
