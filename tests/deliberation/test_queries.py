"""The programme page and the task list read a bounded number of queries, whatever their size."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jiesu.core.extensions import nav_items, workbench_tiles
from jiesu.deliberation import services
from tests.deliberation.test_views import _loop

pytestmark = pytest.mark.django_db
PROGRAMME_PAGE_MAX = 11
TASK_LIST_MAX = 6


def _grow(street, n: int) -> None:
    for i in range(n):
        _loop(
            street,
            street.programme,
            street["community"],
            street.housing,
            f"第{i}个议题停车难",
            timezone.localdate(),
        )
        services.representative_add(
            programme_id=street.programme.pk, actor=street["community"], name=f"代表{i}",
            building=street.buildings[i % 3], term_start=timezone.localdate() - timedelta(days=9),
        )  # fmt: skip


@pytest.mark.parametrize("size", [1, 4])
def test_hot_pages_do_not_grow_with_their_rows(client, street, size, django_assert_max_num_queries):
    _grow(street, size)
    client.force_login(street["community"])
    with nav_items.only("deliberation"), workbench_tiles.only():
        client.get(reverse("deliberation_programme", args=[street.programme.pk]))
        with django_assert_max_num_queries(PROGRAMME_PAGE_MAX):
            assert (
                client.get(reverse("deliberation_programme", args=[street.programme.pk])).status_code == 200
            )
        with django_assert_max_num_queries(TASK_LIST_MAX):
            assert client.get(reverse("deliberation_tasks")).status_code == 200
