"""The lists cost the same number of queries for a few rows as for many (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiesu.core.extensions import workbench_tiles
from jiesu.registers import services
from tests.registers.conftest import leak_register, point

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_points(street, register, n: int) -> None:
    for _ in range(n):
        p = point(street, register, building="13")
        services.point_assign(point_id=p.pk, actor=street["community"], cadre=street["cadre"])


@pytest.mark.parametrize("role", ["dispatcher", "community", "property"])
def test_lists_have_a_fixed_query_count(client, street, role):
    register = leak_register(street)
    add_points(street, register, 2)
    client.force_login(street[role])
    pages = [
        reverse("register_index"),
        reverse("point_list"),
        reverse("register_detail", args=[register.pk]),
        reverse("point_list") + "?queue=overdue&q=13",
    ]
    few = [queries(client, url) for url in pages]
    add_points(street, register, 10)
    many = [queries(client, url) for url in pages]
    assert many == few


def test_the_tiles_cost_a_fixed_number_of_queries(street, django_assert_max_num_queries):
    add_points(street, leak_register(street), 5)
    user = street["community"]
    user.unit  # noqa: B018 - loaded with the request's user
    with workbench_tiles.only("registers"), django_assert_max_num_queries(8):
        tiles = [tile for provider in workbench_tiles.items() for tile in provider(user)]
    assert tiles
