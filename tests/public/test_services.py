"""Public intake through the services: one transaction, the same intake as every channel, rating."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jiesu.core.errors import TransitionNotAllowed, ValidationFailed
from jiesu.core.models import Photo
from jiesu.public.codes import code_display, code_hash, code_normalise
from jiesu.public.models import Submission
from jiesu.public.places import place_from_token
from jiesu.public.selectors import submission_find, submission_tracking
from jiesu.public.services import submission_create, submission_rate
from jiesu.workorders import services
from jiesu.workorders.models import Channel, EventKind, VisitChannel, WorkOrder, WorkOrderEvent
from jiesu.workorders.states import Status
from tests.factories import UnitFactory, UserFactory
from tests.public.conftest import jpeg_upload

pytestmark = pytest.mark.django_db


def submit(place, token, everyday, **overrides):
    values = dict(
        channel=Channel.QR,
        place=place_from_token(token),
        everyday=everyday,
        content="3号楼楼道灯坏了一个星期，晚上看不见台阶。",
        building=place["buildings"][2],
        location="2单元",
        name="王淑芬",
        phone="138 1234 5678",
        consent=True,
        photos=[jpeg_upload()],
    )
    values.update(overrides)
    return submission_create(**values)


def test_a_submission_becomes_an_order_of_the_qr_channel_with_place_category_photo_and_code(
    place, token, everyday
):
    receipt = submit(place, token, everyday)

    order = WorkOrder.objects.get()
    assert order.channel == Channel.QR and order.status == Status.NEW
    assert order.compound == place["compound"] and order.community == place["community"]
    assert order.building == place["buildings"][2]
    assert order.category.path == "城乡建设 › 物业管理 › 公共设施维修"
    assert order.citizen_phone == "13812345678" and order.citizen_name == "王淑芬"
    assert order.resolve_due is not None  # deadlines applied as for every channel
    created = WorkOrderEvent.objects.get(order=order)
    assert created.kind == EventKind.CREATED and created.actor is None
    assert "槐香里" in created.note
    submission = Submission.objects.get()
    assert submission.order == order and submission.phone_last4 == "5678"
    # the code is shown once and never stored in clear
    assert len(receipt.code) == 12 and submission.code_hash == code_hash(receipt.code)
    assert receipt.code not in str(list(Submission.objects.values()))
    photo = Photo.objects.get(content_type=ContentType.objects.get_for_model(WorkOrder), object_id=order.pk)
    with Image.open(photo.file) as stored:
        assert not stored.getexif()  # EXIF (device, GPS) stripped
    assert photo.public is False and submission.photo_count == 1


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"consent": False}, "隐私说明"),
        ({"content": "灯坏"}, "至少5个字"),
        ({"phone": "12"}, "联系电话"),
        (
            {"photos": [jpeg_upload(), SimpleUploadedFile("bad.jpg", b"not an image", "image/jpeg")]},
            "第2张照片",
        ),
        ({"channel": Channel.HOTLINE}, "来源渠道"),
    ],
)
def test_a_refused_submission_leaves_nothing_behind(place, token, everyday, overrides, message):
    with pytest.raises(ValidationFailed) as refused:
        submit(place, token, everyday, **overrides)
    assert message in refused.value.message
    assert not WorkOrder.objects.exists() and not Submission.objects.exists() and not Photo.objects.exists()


def test_a_building_of_another_compound_is_refused(place, token, everyday):
    from tests.factories import BuildingFactory

    with pytest.raises(ValidationFailed):
        submit(place, token, everyday, building=BuildingFactory(number="9"))
    assert not WorkOrder.objects.exists()


def test_codes_are_found_with_the_last_four_digits_only(place, token, everyday):
    receipt = submit(place, token, everyday)
    typed = code_display(receipt.code).lower().replace("-", " ")

    assert code_normalise(typed) == receipt.code
    assert submission_find(code=typed, last4="5678") == receipt.submission
    assert submission_find(code=receipt.code, last4="5679") is None
    assert submission_find(code="ABCD-EFGH-JKLM", last4="5678") is None
    assert submission_find(code="short", last4="5678") is None


def _resolve(order_id):
    dispatcher = UserFactory(role="dispatcher")
    unit = UnitFactory(name="物业项目甲")
    worker = UserFactory(role="property", unit=unit)
    services.workorder_dispatch(order_id=order_id, actor=dispatcher, lead_unit=unit)
    services.workorder_accept(order_id=order_id, actor=worker)
    services.workorder_resolve(order_id=order_id, actor=worker, result="已更换楼道灯，经现场确认恢复照明。")


def test_the_sender_rates_after_resolution_as_an_online_return_visit(place, token, everyday):
    receipt = submit(place, token, everyday)
    order_id = receipt.submission.order_id
    with pytest.raises(TransitionNotAllowed):
        submission_rate(
            submission_id=receipt.submission.pk, contacted=True, resolved=True, satisfaction="satisfied"
        )
    assert submission_tracking(submission_id=receipt.submission.pk).can_rate is False

    _resolve(order_id)
    tracking = submission_tracking(submission_id=receipt.submission.pk)
    assert tracking.can_rate and tracking.status_word == "已办结" and "更换楼道灯" in tracking.reply
    submission_rate(
        submission_id=receipt.submission.pk,
        contacted=True,
        resolved=True,
        satisfaction="basic",
        comment="谢谢",
    )

    order = WorkOrder.objects.get(pk=order_id)
    assert order.status == Status.VISITED and order.visit_satisfaction == "basic"
    assert order.visit_channel == VisitChannel.ONLINE
    visit = WorkOrderEvent.objects.get(order=order, kind=EventKind.VISITED)
    assert visit.actor is None and visit.new["visit_channel"] == "online" and "谢谢" in visit.note
    with pytest.raises(TransitionNotAllowed):
        submission_rate(
            submission_id=receipt.submission.pk, contacted=True, resolved=True, satisfaction="satisfied"
        )
    assert WorkOrderEvent.objects.filter(order=order, kind=EventKind.VISITED).count() == 1
