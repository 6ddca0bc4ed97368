"""The grid's demo seeder on its own (no demo street): when the demo's now is today, the last hours'
大事 and 难点 at 阳光星苑 are escalated through the real services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jiesu.core.extensions import DemoContext
from jiesu.grid.demo import grid_demo_seed
from jiesu.grid.models import GridMatter
from jiesu.workorders.models import Channel
from tests.factories import (
    BuildingFactory,
    CommunityUnitFactory,
    CompoundFactory,
    DispatcherFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_the_seeder_escalates_the_last_hours_big_matters_through_the_services_when_now_is_today(db):
    unit = CommunityUnitFactory(community__name="星苑社区", name="星苑社区居委会")
    leak = CompoundFactory(community=unit.community, name="阳光星苑")
    for number in ("5", "13", "16"):
        BuildingFactory(compound=leak, number=number)
    DispatcherFactory(username="dispatcher")
    UserFactory(username="grid", role="grid_worker", unit=unit, display_name="周红")
    now = timezone.now()
    summary = grid_demo_seed(
        DemoContext(seed=1, now=now, start=(now - timedelta(days=90)).date(), until=now.date(), password="x")
    )
    assert "已上报 5" in summary
    escalated = GridMatter.objects.filter(status__in=("to_community", "to_street"))
    assert escalated.count() == 5 and all(m.order.channel == Channel.GRID for m in escalated)
    assert escalated.filter(status="to_community", order__lead_unit=unit).count() == 3
    assert escalated.filter(status="to_street", order__status="new").count() == 2
    assert all(m.order.received_at == m.escalated_at for m in escalated)
    assert GridMatter.objects.filter(status="open", tier="minor").count() == 3
