"""Query counts on the hot pages are pinned, so an N+1 (a query per row or per event) fails here."""

import pytest
from django.urls import reverse

from jiesu.core.extensions import workbench_tiles
from jiesu.workorders import services
from tests.factories import WorkOrderFactory

# session + user, scope look-ups, filter choices, count and page; never one per order
LIST_MAX_QUERIES = 11
# session + user, order, extension, co-handlers, events, names, action and correction choices.
# A property user reads the company's project tree once per request (permissions.user_units).
DETAIL_MAX_QUERIES = {"dispatcher": 12, "leader": 7, "property": 10, "community": 9, "department": 7}
WORKBENCH_MAX_QUERIES = 13  # the centre has five queues (待审批延期 added)


@pytest.fixture
def twenty_orders(street):
    orders = []
    for n in range(20):
        order = WorkOrderFactory(
            number=f"Q{n:03d}", community=street.a.order.community, compound=street.a.order.compound
        )
        services.workorder_dispatch(
            order_id=order.pk,
            actor=street.dispatcher,
            lead_unit=street.a.project,
            co_handlers=[street.a.department],
        )
        services.workorder_add_note(order_id=order.pk, actor=street.a.property_user, note=f"进展{n}")
        orders.append(order)
    return orders


def _user(street, role):
    return {
        "dispatcher": street.dispatcher,
        "leader": street.leader,
        "property": street.a.property_user,
        "community": street.a.community_user,
        "department": street.a.department_user,
    }[role]


ROLES = ["dispatcher", "leader", "property", "community", "department"]


@pytest.mark.parametrize("role", ROLES)
def test_the_order_list_of_twenty_orders_has_a_fixed_query_count(
    street, login, twenty_orders, role, django_assert_max_num_queries
):
    client = login(_user(street, role))
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        body = client.get(reverse("order_list")).content.decode()
    assert all(order.number in body for order in twenty_orders)


@pytest.mark.parametrize("role", ROLES)
def test_the_order_page_with_twenty_events_has_a_fixed_query_count(
    street, login, twenty_orders, role, django_assert_max_num_queries
):
    order = twenty_orders[0]
    for n in range(20):
        services.workorder_add_note(order_id=order.pk, actor=street.dispatcher, note=f"第{n}次跟进")
    services.workorder_reassign(
        order_id=order.pk,
        actor=street.dispatcher,
        lead_unit=street.a.department,
        co_handlers=[street.a.project],
        note="改由部门主办",
    )
    client = login(_user(street, role))
    with django_assert_max_num_queries(DETAIL_MAX_QUERIES[role]):
        body = client.get(reverse("order_detail", args=[order.pk])).content.decode()
    assert "第19次跟进" in body and "改由部门主办" in body


def test_the_workbench_has_a_fixed_query_count(street, login, twenty_orders, django_assert_max_num_queries):
    # the orders' own tiles and queues; other apps pin the queries of the tiles they register
    with workbench_tiles.only("workorders", "triage"):
        for user in (street.dispatcher, street.leader, street.a.property_user):
            client = login(user)
            with django_assert_max_num_queries(WORKBENCH_MAX_QUERIES):
                assert client.get(reverse("workbench")).status_code == 200
