"""登记 refuses what cannot be true, in Chinese; the centre corrects what was registered wrong."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jiesu.core.errors import NotPermitted, ValidationFailed
from jiesu.workorders import services
from jiesu.workorders.models import EventKind, WorkOrder
from jiesu.workorders.validation import phone_normalise
from tests.factories import UserFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"received_at": timezone.now() + timedelta(days=1)}, "晚于当前时间"),
        ({"citizen_phone": "12345"}, "不是有效的号码"),
        ({"citizen_phone": "138123456789"}, "不是有效的号码"),
        ({"content": "  \n "}, "诉求内容不能为空"),
    ],
)
def test_registration_refuses_what_cannot_be_true(dispatcher, kwargs, message):
    values = {"content": "楼道灯坏了", **kwargs}
    with pytest.raises(ValidationFailed, match=message):
        services.workorder_create(actor=dispatcher, **values)
    assert not WorkOrder.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("010-62345678", "01062345678"),
        ("62345678", "62345678"),
        ("", ""),
    ],
)
def test_real_phones_are_kept_as_digits(typed, stored):
    assert phone_normalise(typed) == stored


def test_the_intake_form_shows_each_error_in_chinese(dispatcher, client):
    client.force_login(dispatcher)
    future = timezone.localtime() + timedelta(days=2)
    response = client.post(
        reverse("order_new"),
        {
            "channel": "phone",
            "received_at": future.strftime("%Y-%m-%dT%H:%M"),
            "appeal_type": "help",
            "urgency": "normal",
            "content": "",
            "citizen_phone": "1234",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "晚于当前时间" in body and "不是有效的号码" in body and "诉求内容不能为空" in body
    assert not WorkOrder.objects.exists()


def test_the_centre_corrects_time_content_phone_and_address_with_old_and_new(dispatcher):
    order = WorkOrderFactory(citizen_phone="13812345678", address_text="幸福里3号楼")
    earlier = order.received_at - timedelta(hours=2)

    services.workorder_correct(
        order_id=order.pk,
        actor=dispatcher,
        changes={
            "received_at": earlier,
            "content": "幸福里3号楼楼道灯坏了",
            "citizen_phone": "139 8765 4321",
            "address_text": "幸福里5号楼",
        },
        note="接线时记错",
    )

    order.refresh_from_db()
    assert (order.received_at, order.citizen_phone, order.address_text) == (
        earlier,
        "13987654321",
        "幸福里5号楼",
    )
    event = order.events.get(kind=EventKind.CORRECTED)
    assert event.actor == dispatcher and event.note == "接线时记错"
    assert event.old["citizen_phone"] == "138****5678" and event.new["citizen_phone"] == "139****4321"
    assert event.old["address_text"] == "幸福里3号楼" and event.new["address_text"] == "幸福里5号楼"
    assert event.new["content"] == "幸福里3号楼楼道灯坏了" and "received_at" in event.old
    assert "resolve_due" in event.new  # deadlines follow the corrected 受理时间


def test_corrections_are_checked_like_registrations(dispatcher):
    order = WorkOrderFactory()
    for changes, message in (
        ({"received_at": timezone.now() + timedelta(days=3)}, "晚于当前时间"),
        ({"citizen_phone": "000"}, "不是有效的号码"),
        ({"content": ""}, "诉求内容不能为空"),
    ):
        with pytest.raises(ValidationFailed, match=message):
            services.workorder_correct(order_id=order.pk, actor=dispatcher, changes=changes)
    assert not order.events.exists()


def test_a_unit_may_not_correct(db):
    order = WorkOrderFactory()
    with pytest.raises(NotPermitted):
        services.workorder_correct(order_id=order.pk, actor=UserFactory(), changes={"content": "改掉"})


def test_the_correction_form_changes_content_and_keeps_the_phone_when_left_blank(dispatcher, client):
    order = WorkOrderFactory(citizen_phone="13812345678")
    client.force_login(dispatcher)
    page = client.get(reverse("order_detail", args=[order.pk])).content.decode()
    assert "13812345678" not in page  # the form never prefills the clear phone
    response = client.post(
        reverse("order_correct", args=[order.pk]),
        {
            "expected_version": order.version,
            "appeal_type": order.appeal_type,
            "urgency": order.urgency,
            "received_at": timezone.localtime(order.received_at).strftime("%Y-%m-%dT%H:%M"),
            "content": "更正后的内容",
            "address_text": "幸福里",
            "citizen_phone": "",
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.content, order.address_text, order.citizen_phone) == (
        "更正后的内容",
        "幸福里",
        "13812345678",
    )
    event = order.events.get(kind=EventKind.CORRECTED)
    assert set(event.new) == {"content", "address_text"}
