"""core.paging: a keys-first page is the page Django's Paginator gives, in fewer, cheaper reads."""

from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jiesu.core.paging import KeysFirstPaginator, rows_keys_first
from jiesu.workorders.models import WorkOrder
from tests.factories import UnitFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders():
    """23 orders, received out of id order (and two at the same moment: the id breaks the tie)."""
    unit, other = UnitFactory(), UnitFactory()
    now = timezone.now()
    hours = [5, 1, 9, 3, 3, 7, 2, 8, 4, 6, 11, 10, 0, 12, 15, 13, 14, 19, 17, 16, 18, 21, 20]
    made = [
        WorkOrderFactory(received_at=now - timedelta(hours=h), lead_unit=unit if i % 4 else other)
        for i, h in enumerate(hours)
    ]
    return unit, made


def _listed(unit):
    return WorkOrder.objects.filter(lead_unit=unit).order_by("-received_at", "-id")


def _rows_seen(calls):
    def rows(ids):
        calls.append(list(ids))
        return WorkOrder.objects.filter(pk__in=ids)

    return rows


@pytest.mark.parametrize("count_with_keys", [False, True])
@pytest.mark.parametrize("number", [1, 2, 3, "2", None, "abc", 0, -1, 99, "1.5"])
def test_a_page_is_the_page_djangos_paginator_gives(orders, count_with_keys, number):
    unit, _made = orders
    expected = Paginator(_listed(unit), 7).get_page(number)
    calls: list = []
    page = KeysFirstPaginator(
        _listed(unit), 7, rows=_rows_seen(calls), count_with_keys=count_with_keys
    ).get_page(number)
    assert page.number == expected.number
    assert page.paginator.count == expected.paginator.count == 17
    assert [o.pk for o in page.object_list] == [o.pk for o in expected.object_list]
    assert (page.has_next(), page.has_previous()) == (expected.has_next(), expected.has_previous())
    assert calls[-1] == [o.pk for o in expected.object_list]  # rows() gets exactly the page's keys


@pytest.mark.parametrize("count_with_keys", [False, True])
def test_an_empty_list_has_one_empty_page(db, count_with_keys):
    page = KeysFirstPaginator(
        WorkOrder.objects.none().order_by("-id"), 7, rows=_rows_seen([]), count_with_keys=count_with_keys
    ).get_page(1)
    assert page.paginator.count == 0 and list(page.object_list) == []


def test_the_count_comes_with_the_keys_in_one_query(orders):
    unit, _made = orders
    with CaptureQueriesContext(connection) as plain:
        list(KeysFirstPaginator(_listed(unit), 7, rows=_rows_seen([])).get_page(2).object_list)
    with CaptureQueriesContext(connection) as windowed:
        list(KeysFirstPaginator(_listed(unit), 7, rows=_rows_seen([]), count_with_keys=True).get_page(2))
    assert len(plain) == 3  # count, keys, rows
    assert len(windowed) == 2  # keys with the count, rows
    assert "OVER" in windowed[0]["sql"].upper()


def test_the_page_query_reads_only_keys_and_the_rows_query_reads_by_key(orders):
    unit, _made = orders
    with CaptureQueriesContext(connection) as queries:
        rows_keys_first(_listed(unit), 0, 5, lambda ids: WorkOrder.objects.filter(pk__in=ids))
    keys_sql, rows_sql = (q["sql"] for q in queries)
    assert '"content"' not in keys_sql and "ORDER BY" in keys_sql
    assert '"content"' in rows_sql and '"id" IN (' in rows_sql and "LIMIT" not in rows_sql


def test_a_row_that_vanished_between_the_two_reads_is_left_out(orders):
    unit, _made = orders
    keep = list(_listed(unit).values_list("pk", flat=True)[:5])
    got = rows_keys_first(_listed(unit), 0, 5, lambda ids: WorkOrder.objects.filter(pk__in=ids[1:]))
    assert [o.pk for o in got] == keep[1:]
