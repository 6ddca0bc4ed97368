"""The lists' query counts do not grow with their rows (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiesu.grid import services
from jiesu.volunteers import services as volunteer_services
from jiesu.volunteers.models import Team

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_rows(grid, n: int) -> None:
    team = Team.objects.first()
    for i in range(n):
        matter = services.matter_record(
            actor=grid.grid_user, reporter_id=grid.member.pk, tier="major", title=f"事{i}"
        )
        services.matter_escalate(actor=grid.grid_user, matter_id=matter.pk)
        volunteer = volunteer_services.volunteer_create(
            actor=grid.dispatcher,
            values=dict(name=f"志{i}", kind="resident", team=team, community=grid.north),
        )
        resident = volunteer_services.resident_create(
            actor=grid.dispatcher, community=grid.north, values=dict(name=f"老{i}", kind="alone")
        )
        volunteer_services.pairing_create(
            actor=grid.dispatcher,
            resident_id=resident.pk,
            volunteer_id=volunteer.pk,
            started_on=timezone.localdate(),
        )
        volunteer_services.service_record(
            actor=grid.dispatcher, volunteer_id=volunteer.pk, served_on=timezone.localdate(), hours="1",
            mode="fixed", nature="common", content="值守", whom="居民",
        )  # fmt: skip


URLS = (
    "grid_matters",
    "grid_groups",
    "volunteers_list",
    "volunteers_records",
    "volunteers_residents",
    "volunteers_pairings",
)


def test_list_queries_do_not_grow_with_rows(client, grid):
    client.force_login(grid.community_user)
    add_rows(grid, 1)
    few = {name: queries(client, reverse(name)) for name in URLS}
    add_rows(grid, 6)
    many = {name: queries(client, reverse(name)) for name in URLS}
    assert few == many
