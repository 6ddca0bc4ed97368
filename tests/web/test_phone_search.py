"""找来电人: search by a full phone or its last 4 digits, inside the scope, never confirming a
number the user may not see."""

from django.urls import reverse

from jiesu.workorders.models import WorkOrder
from tests.factories import WorkOrderFactory


def _found(client, q: str) -> str:
    return client.get(reverse("order_list"), {"q": q}).content.decode()


def test_the_centre_finds_a_caller_by_full_phone_or_last_four(street, login):
    WorkOrderFactory(number="CALLER1", citizen_phone="139-1111-2222")
    WorkOrderFactory(number="OTHER1", citizen_phone="13933334444")
    client = login(street.dispatcher)
    for q in ("13911112222", "139-1111-2222", "+8613911112222", "2222"):
        body = _found(client, q)
        assert "CALLER1" in body and "OTHER1" not in body, q


def test_a_unit_finds_only_callers_of_orders_in_its_hands(street, login):
    mine = street.a.order  # dispatched to A's property project: its phone is the unit's to see
    client = login(street.a.property_user)
    assert mine.number in _found(client, mine.citizen_phone)
    assert mine.number in _found(client, mine.citizen_phone[-4:])
    # the same order resolved: its phone is masked again, and a search no longer confirms it
    WorkOrder.objects.filter(pk=mine.pk).update(status="resolved")
    assert mine.number not in _found(client, mine.citizen_phone)
    # B's order is outside A's scope: never found, whatever the number
    assert street.b.order.number not in _found(client, street.b.order.citizen_phone)


def test_the_community_sees_its_orders_but_cannot_probe_their_phones(street, login):
    client = login(street.a.community_user)
    assert street.a.order.number in _found(client, "")
    assert street.a.order.number not in _found(client, street.a.order.citizen_phone)
