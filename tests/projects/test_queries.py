"""The list and the project page read a fixed number of queries, however many projects, places,
milestones and events there are; the workbench tiles one query per tile."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiesu.core.extensions import workbench_tiles
from jiesu.projects import services
from tests.factories import WorkOrderFactory
from tests.projects.conftest import approve, at, finish, propose

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def busy(street):
    project = approve(street, propose(street))
    for n in range(3):
        services.project_milestone_add(
            project_id=project.pk, actor=street["owner"], title=f"节点{n}", due_on=project.proposed_at.date()
        )
    return project


@pytest.mark.parametrize("role", ["dispatcher", "community", "owner"])
def test_the_list_and_the_page_do_not_grow_with_the_data(client, street, role):
    client.force_login(street[role])
    first = busy(street)
    client.get(reverse("project_detail", args=[first.pk]))  # warm the content-type cache
    few = (
        queries(client, reverse("project_list")),
        queries(client, reverse("project_detail", args=[first.pk])),
    )
    for _ in range(4):
        last = busy(street)
    many = (
        queries(client, reverse("project_list")),
        queries(client, reverse("project_detail", args=[last.pk])),
    )
    assert many == few


def test_the_tiles_read_one_query_per_tile(street, django_assert_max_num_queries):
    busy(street)
    with workbench_tiles.only("projects"), django_assert_max_num_queries(4):
        tiles = [tile for provider in workbench_tiles.items() for tile in provider(street["dispatcher"])]
    assert len(tiles) == 4


def accepted(street, n: int) -> None:
    for day in range(1, n + 1):
        finish(street, propose(street), completed_on=date(2024, 5, day))


def test_the_batches_page_and_the_export_do_not_grow_with_the_accepted_projects(client, street):
    client.force_login(street["dispatcher"])
    for when in ("2023-07-01 10:00", "2024-07-01 10:00"):
        WorkOrderFactory(
            received_at=at(when), category=street.leak.category, community=street.community,
            compound=street.compound, building=street.buildings["5"],
        )  # fmt: skip
    batch = reverse("project_batches") + f"?batch={street.batch.pk}"
    accepted(street, 2)
    client.get(batch)  # warm the caches
    few = (queries(client, batch), queries(client, reverse("project_export")))
    accepted(street, 5)
    many = (queries(client, batch), queries(client, reverse("project_export")))
    assert many == few
    page = client.get(batch).content.decode()
    assert page.count("/projects/") >= 7 and '<td class="after">7</td>' in page  # 7 projects × 1 order after
