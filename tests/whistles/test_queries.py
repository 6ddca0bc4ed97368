"""The hot pages read a fixed number of queries, however many whistles, units and events there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiesu.whistles import services
from jiesu.whistles.models import Summons
from tests.whistles.conftest import blow

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def walk(street, whistle) -> None:
    for summons in Summons.objects.filter(whistle=whistle):
        user = {street.housing: street["department"], street.water: street["water"]}.get(
            summons.unit, street["metro"]
        )
        services.summons_check_in(summons_id=summons.pk, actor=user, on_site=True)
        services.summons_report(summons_id=summons.pk, actor=user, measures="修", result="好")


@pytest.mark.parametrize("role", ["dispatcher", "community", "department"])
def test_the_list_and_the_page_do_not_grow_with_the_data(client, street, role):
    client.force_login(street[role])
    first = blow(street)
    walk(street, first)
    client.get(reverse("whistle_detail", args=[first.pk]))  # warm the content-type cache
    few = (
        queries(client, reverse("whistle_list")),
        queries(client, reverse("whistle_detail", args=[first.pk])),
    )
    for _ in range(4):
        last = blow(street, units=[street.housing, street.water, street.metro])
        walk(street, last)
    many = (
        queries(client, reverse("whistle_list")),
        queries(client, reverse("whistle_detail", args=[last.pk])),
    )
    assert many == few
