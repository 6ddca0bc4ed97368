"""The citizen's name and phone are masked for everyone. The centre may look; the lead and
co-handling units may look while the order is in their hands (to call back). Each look is logged."""

import pytest
from django.urls import reverse

from jiesu.accounts.models import PiiAccessLog, Role
from tests.factories import UserFactory

CLEAR_NAME, CLEAR_PHONE = "张三丰", "13812345678"


def _viewers(street):
    return {
        "dispatcher": street.dispatcher,
        "centre_admin": UserFactory(role=Role.CENTRE_ADMIN),
        "leader": street.leader,
        "community": street.a.community_user,
        "property": street.a.property_user,
        "department": street.a.department_user,
    }


@pytest.mark.parametrize(
    "role", ["dispatcher", "centre_admin", "leader", "community", "property", "department"]
)
def test_the_order_page_masks_the_citizen_for_every_role(street, login, role):
    client = login(_viewers(street)[role])
    body = client.get(reverse("order_detail", args=[street.a.order.pk])).content.decode()
    assert "张**" in body and "138****5678" in body
    assert CLEAR_NAME not in body and CLEAR_PHONE not in body


@pytest.mark.parametrize("role", ["dispatcher", "leader", "property"])
def test_lists_and_workbench_never_show_the_citizen(street, login, role):
    client = login(_viewers(street)[role])
    for url in (reverse("order_list"), reverse("workbench")):
        body = client.get(url).content.decode()
        assert CLEAR_NAME not in body and "张**" not in body and CLEAR_PHONE not in body


def test_the_dispatcher_unmasks_and_the_look_is_logged(street, login):
    client = login(street.dispatcher)
    order = street.a.order
    page = client.get(reverse("order_detail", args=[order.pk])).content.decode()
    assert reverse("order_unmask", args=[order.pk]) in page

    response = client.post(reverse("order_unmask", args=[order.pk]), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    body = response.content.decode()
    assert CLEAR_NAME in body and CLEAR_PHONE in body
    assert "<html" not in body  # the citizen partial only
    log = PiiAccessLog.objects.get()
    assert (log.user, log.order) == (street.dispatcher, order)


def test_unmask_without_htmx_shows_the_full_page_with_clear_values(street, login):
    client = login(street.dispatcher)
    response = client.post(reverse("order_unmask", args=[street.a.order.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "<html" in body and CLEAR_PHONE in body
    assert PiiAccessLog.objects.count() == 1


@pytest.mark.parametrize("role", ["property", "department"])
def test_the_lead_and_co_handling_units_call_back_while_the_order_is_theirs(street, login, role):
    client = login(_viewers(street)[role])
    order = street.a.order  # dispatched: led by the property project, co-handled by the department
    page = client.get(reverse("order_detail", args=[order.pk])).content.decode()
    assert reverse("order_unmask", args=[order.pk]) in page and CLEAR_PHONE not in page

    response = client.post(reverse("order_unmask", args=[order.pk]), HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert f'href="tel:{CLEAR_PHONE}"' in body and CLEAR_NAME in body
    log = PiiAccessLog.objects.get()
    assert (log.user, log.order_id) == (_viewers(street)[role], order.pk)


@pytest.mark.parametrize("status", ["resolved", "returned"])
def test_once_the_order_leaves_the_units_hands_the_phone_is_masked_again(street, login, status):
    from jiesu.workorders.models import WorkOrder

    order = street.a.order
    WorkOrder.objects.filter(pk=order.pk).update(status=status)
    client = login(street.a.property_user)
    page = client.get(reverse("order_detail", args=[order.pk])).content.decode()
    assert reverse("order_unmask", args=[order.pk]) not in page and CLEAR_PHONE not in page
    assert client.post(reverse("order_unmask", args=[order.pk])).status_code == 403
    assert not PiiAccessLog.objects.exists()


@pytest.mark.parametrize("role", ["community", "leader"])
def test_others_may_not_unmask(street, login, role):
    client = login(_viewers(street)[role])
    page = client.get(reverse("order_detail", args=[street.a.order.pk])).content.decode()
    assert reverse("order_unmask", args=[street.a.order.pk]) not in page

    response = client.post(reverse("order_unmask", args=[street.a.order.pk]))

    assert response.status_code == 403
    assert CLEAR_NAME not in response.content.decode()
    assert not PiiAccessLog.objects.exists()
