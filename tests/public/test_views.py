"""The public pages over HTTP: submit → one-time code → track → rate, and every abuse guard."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from jiesu.core.models import Photo
from jiesu.public.models import Submission
from jiesu.workorders import services
from jiesu.workorders.models import WorkOrder, WorkOrderEvent
from jiesu.workorders.states import Status
from tests.factories import UnitFactory, UserFactory
from tests.public.conftest import jpeg_upload

pytestmark = pytest.mark.django_db
CODE = re.compile(r'id="tracking-code">([0-9A-Z-]+)<')


def form_data(category, place, **overrides):
    data = {
        "everyday": category.pk,
        "building": place["buildings"][0].pk,
        "unit_room": "1单元",
        "content": "单元门门禁坏了，外人随便进出。",
        "name": "李大爷",
        "phone": "13912348888",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def submit(client, token, data, **extra):
    return client.post(reverse("public_submit", args=[token]), data, **extra)


def submit_and_get_code(client, token, everyday, place, **overrides) -> str:
    response = submit(client, token, form_data(everyday, place, **overrides))
    assert response.status_code == 302 and response.url == reverse("public_done")
    page = client.get(reverse("public_done")).content.decode()
    return CODE.search(page).group(1)


def test_the_poster_page_shows_the_place_and_its_buildings(client, token, place):
    page = client.get(reverse("public_submit", args=[token]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "槐香里（御槐园社区）" in body and "3号楼" in body and "隐私说明" in body
    assert "csrfmiddlewaretoken" in body and 'name="website"' in body


@pytest.mark.parametrize("bad", ["", "c1", "c1:forged", "x9:abc"])
def test_a_forged_or_altered_token_opens_nothing(client, token, bad):
    altered = bad or token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.get(reverse("public_submit", args=[altered]))
    assert response.status_code == 404 and "二维码无效" in response.content.decode()


def test_submit_shows_the_code_once_then_tracks_and_rates(client, token, everyday, place):
    response = submit(client, token, {**form_data(everyday, place), "photos": [jpeg_upload()]})
    assert response.status_code == 302
    page = client.get(reverse("public_done")).content.decode()
    code = CODE.search(page).group(1)
    assert "只显示这一次" in page
    # a reload does not show it again
    assert client.get(reverse("public_done")).status_code == 302
    order = WorkOrder.objects.get()
    assert order.channel == "qr" and Photo.objects.count() == 1

    # another browser tracks it with the code and the phone's last four digits
    other = Client()
    response = other.post(reverse("public_track"), {"code": code.lower(), "last4": "8888"})
    assert response.status_code == 302
    status = other.get(reverse("public_status")).content.decode()
    assert "已受理" in status and order.number in status and "请您评价" not in status

    dispatcher = UserFactory(role="dispatcher", display_name="赵派单")
    unit = UnitFactory(name="槐香里物业项目")
    worker = UserFactory(role="property", unit=unit, display_name="钱师傅")
    services.workorder_dispatch(
        order_id=order.pk, actor=dispatcher, lead_unit=unit, note="内部备注：优先处理"
    )
    services.workorder_accept(order_id=order.pk, actor=worker)
    services.workorder_add_note(order_id=order.pk, actor=worker, note="内部进展：已订购配件")
    services.workorder_resolve(order_id=order.pk, actor=worker, result="已更换门禁控制器，门禁恢复正常。")

    status = other.get(reverse("public_status")).content.decode()
    assert "已办结" in status and "已更换门禁控制器" in status and 'id="rate"' in status
    # no staff names, internal notes or the unit's inner workings
    for secret in ("赵派单", "钱师傅", "内部备注", "内部进展", "13912348888", "李大爷"):
        assert secret not in status

    response = other.post(
        reverse("public_rate"),
        {"contacted": "yes", "resolved": "yes", "satisfaction": "satisfied", "comment": "很快"},
    )
    assert response.status_code == 200 and "感谢您的评价" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Status.VISITED and order.visit_channel == "online"
    status = other.get(reverse("public_status")).content.decode()
    assert "您已评价：满意" in status and 'id="rate"' not in status


def test_wrong_code_and_wrong_digits_get_the_same_answer(client, token, everyday, place):
    code = submit_and_get_code(client, token, everyday, place)
    other = Client()
    wrong_digits = other.post(reverse("public_track"), {"code": code, "last4": "0000"})
    wrong_code = other.post(reverse("public_track"), {"code": "2345-6789-ABCD", "last4": "8888"})
    assert wrong_digits.status_code == wrong_code.status_code == 404

    def message(response):
        return re.search(r'class="alert error" role="alert">([^<]*)<', response.content.decode()).group(1)

    assert message(wrong_digits) == message(wrong_code) == "未查到对应的诉求，请核对查询码和手机号后四位。"
    assert other.get(reverse("public_status")).status_code == 302  # nothing unlocked


def test_rating_without_a_tracking_session_is_refused(client):
    response = client.post(
        reverse("public_rate"), {"contacted": "yes", "resolved": "yes", "satisfaction": "satisfied"}
    )
    assert response.status_code == 403 and "重新输入查询码" in response.content.decode()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"consent": ""}, "请阅读并同意隐私说明"),
        ({"phone": "12345"}, "请填写正确的手机号"),
        ({"content": "坏了"}, "至少5个字"),
        ({"everyday": "999999"}, "请选择遇到了什么问题"),
        ({"building": "999999"}, "所选楼栋不属于本小区"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(client, token, everyday, place, overrides, message):
    response = submit(client, token, form_data(everyday, place, **overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert not WorkOrder.objects.exists() and not Submission.objects.exists()


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("x.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"), "照片"),
        (SimpleUploadedFile("x.jpg", b"plain text, not a photo", "image/jpeg"), "无法识别该照片"),
    ],
)
def test_a_bad_photo_refuses_the_whole_submission(client, token, everyday, place, upload, message):
    response = submit(client, token, {**form_data(everyday, place), "photos": [jpeg_upload(), upload]})
    assert response.status_code == 400 and message in response.content.decode()
    assert (
        not WorkOrder.objects.exists() and not Photo.objects.exists() and not WorkOrderEvent.objects.exists()
    )


@override_settings(JIESU_PHOTO_MAX_MB=1)
def test_a_photo_over_the_size_limit_is_refused(client, token, everyday, place):
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (1024 * 1024 + 10), "image/jpeg")
    response = submit(client, token, {**form_data(everyday, place), "photos": [big]})
    assert response.status_code == 400 and "不能超过 1 MB" in response.content.decode()
    assert not WorkOrder.objects.exists()


def test_more_than_three_photos_are_refused(client, token, everyday, place):
    photos = [jpeg_upload(f"{n}.jpg") for n in range(4)]
    response = submit(client, token, {**form_data(everyday, place), "photos": photos})
    assert response.status_code == 400 and "最多上传 3 张照片" in response.content.decode()
    assert not WorkOrder.objects.exists()


def test_the_honeypot_catches_bots_and_saves_nothing(client, token, everyday, place):
    response = submit(client, token, form_data(everyday, place, website="http://spam.example"))
    assert response.status_code == 400 and "未通过校验" in response.content.decode()
    assert not WorkOrder.objects.exists()


def test_csrf_is_enforced_on_public_forms(token, everyday, place):
    strict = Client(enforce_csrf_checks=True)
    response = submit(strict, token, form_data(everyday, place))
    assert response.status_code == 403 and "页面已过期" in response.content.decode()
    assert not WorkOrder.objects.exists()
    assert strict.post(reverse("public_track"), {"code": "x", "last4": "1234"}).status_code == 403


@override_settings(JIESU_PUBLIC_LIMITS={"submit_ip": (2, 3600)})
def test_submissions_are_limited_per_address(client, token, everyday, place):
    for phone in ("13900000001", "13900000002"):
        assert submit(client, token, form_data(everyday, place, phone=phone)).status_code == 302
    third = submit(client, token, form_data(everyday, place, phone="13900000003"))
    assert third.status_code == 429 and "操作过于频繁" in third.content.decode()
    assert WorkOrder.objects.count() == 2
    # another address is not affected
    assert (
        submit(
            client, token, form_data(everyday, place, phone="13900000004"), REMOTE_ADDR="10.0.0.9"
        ).status_code
        == 302
    )


@override_settings(JIESU_PUBLIC_LIMITS={"submit_phone": (1, 86400)})
def test_submissions_are_limited_per_phone(client, token, everyday, place):
    assert submit(client, token, form_data(everyday, place)).status_code == 302
    again = submit(client, token, form_data(everyday, place), REMOTE_ADDR="10.0.0.7")
    assert again.status_code == 429 and WorkOrder.objects.count() == 1


@override_settings(JIESU_PUBLIC_LIMITS={"track_ip": (3, 900)})
def test_tracking_lookups_are_limited_so_codes_cannot_be_enumerated(client, token, everyday, place):
    code = submit_and_get_code(client, token, everyday, place)
    other = Client()
    for guess in ("2222-2222-2222", "3333-3333-3333", "4444-4444-4444"):
        assert other.post(reverse("public_track"), {"code": guess, "last4": "8888"}).status_code == 404
    # past the limit even the right code is refused, without saying whether it exists
    response = other.post(reverse("public_track"), {"code": code, "last4": "8888"})
    assert response.status_code == 429 and code not in response.content.decode()


@override_settings(JIESU_CLIENT_IP_HEADER="HTTP_X_REAL_IP", JIESU_PUBLIC_LIMITS={"track_ip": (1, 900)})
def test_behind_a_proxy_the_configured_header_names_the_client(client):
    assert (
        client.post(
            reverse("public_track"), {"code": "x", "last4": "1"}, HTTP_X_REAL_IP="1.1.1.1"
        ).status_code
        == 400
    )
    assert (
        client.post(
            reverse("public_track"), {"code": "x", "last4": "1"}, HTTP_X_REAL_IP="1.1.1.1"
        ).status_code
        == 429
    )
    assert (
        client.post(
            reverse("public_track"), {"code": "x", "last4": "1"}, HTTP_X_REAL_IP="2.2.2.2"
        ).status_code
        == 400
    )


def test_the_privacy_notice_and_home_are_public(client, db):
    assert "隐私说明" in client.get(reverse("public_privacy")).content.decode()
    assert client.get(reverse("public_home")).status_code == 200
