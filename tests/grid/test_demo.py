"""The grid's part of the demo street on a two-month slice (rolled back): 阳光星苑's community and
北湖社区 have their 4+1+N groups, matters at every tier, every demo grid order is a matter's
escalation, and each matter has the events it would have had."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from jiesu.grid.models import GridEvent, GridGroup, GridMatter
from jiesu.workorders.models import Channel, WorkOrder

SLICE = ["--from", "2024-09-01", "--until", "2024-10-31", "--password", "demo-pw"]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", *SLICE, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_four_plus_one_plus_n_groups_with_members_and_buildings(loaded):
    for community in ("星苑社区", "北湖社区"):
        kinds = dict(
            GridGroup.objects.filter(community__name=community).values_list("kind").annotate(n=Count("id"))
        )
        assert kinds == {"zone": 4, "safety": 1, "volunteers": 1}
        zones = GridGroup.objects.filter(community__name=community, kind="zone")
        assert all(z.members.exists() and z.buildings.exists() for z in zones)
    assert GridGroup.objects.filter(community__name="星苑社区", members__user__username="grid").count() == 4
    assert "网格治理" in loaded


def test_yangguang_xingyuan_has_matters_at_every_tier(loaded):
    tiers = set(GridMatter.objects.filter(compound__name="阳光星苑").values_list("tier", flat=True))
    assert tiers == {"minor", "major", "hard"}
    assert GridMatter.objects.filter(community__name="星苑社区", status="settled").count() > 10


def test_every_demo_grid_order_is_a_matters_escalation(loaded):
    grid_orders = WorkOrder.objects.filter(channel=Channel.GRID, community__name="北湖社区")
    assert grid_orders.exists()
    assert GridMatter.objects.filter(order__in=grid_orders).count() == grid_orders.count()
    assert (
        GridMatter.objects.filter(status__in=("to_community", "to_street"), order__isnull=True).count() == 0
    )


def test_each_matter_has_its_events(loaded):
    for matter in GridMatter.objects.all()[:300]:
        kinds = list(GridEvent.objects.filter(matter=matter).values_list("kind", flat=True))
        expected = {"open": ["recorded"], "settled": ["recorded", "settle"]}.get(
            matter.status,
            ["recorded", "escalate_community" if matter.status == "to_community" else "escalate_street"],
        )
        assert kinds == expected, matter.pk
        assert matter.reported_at <= (matter.settled_at or matter.escalated_at or matter.reported_at)
