"""The public pages: a programme's poster opens its proposal form; abuse limits are the public
kit's (honeypot, per address, per phone); forged tokens are unknown; outcomes show no names;
the riders' map button opens the riders' council's box."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from jiesu.deliberation import services
from jiesu.deliberation.models import DeliberationEvent, TopicSubmission
from jiesu.public.places import place_kinds, place_token
from tests.deliberation.test_views import _loop, body

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def url_of(programme) -> str:
    return reverse("deliberation_public_submit", args=[place_token(kind="d", pk=programme.pk)])


def form(**extra) -> dict:
    return {"content": "5号楼前空地能否改成休闲座椅", "place_text": "5号楼", "name": "张三", "phone": "13812345678",
            "consent": "on", "website": ""} | extra  # fmt: skip


def test_a_resident_proposes_a_topic_from_the_poster(client, street):
    url = url_of(street.programme)
    page = body(client.get(url))
    assert street.programme.name in page and 'name="website"' in page
    response = client.post(url, form())
    assert response.status_code == 200 and "感谢您的提议" in body(response)
    submission = TopicSubmission.objects.get()
    assert (submission.channel, submission.entered_by, submission.programme) == (
        "online",
        None,
        street.programme,
    )
    assert DeliberationEvent.objects.filter(kind="submitted", actor__isnull=True).count() == 1


def test_forged_tokens_and_other_kinds_are_unknown(client, street):
    token = place_token(kind="d", pk=street.programme.pk)
    for bad in (token[:-2] + "xx", place_token(kind="m", pk=street.community.pk), "d1"):
        response = client.get(reverse("deliberation_public_submit", args=[bad]))
        assert response.status_code == 404 and "二维码无效" in body(response)


def test_honeypot_and_bad_input_save_nothing(client, street):
    url = url_of(street.programme)
    response = client.post(url, form(website="http://spam"))
    assert response.status_code == 400 and "提交未通过校验" in body(response)
    response = client.post(url, form(content="短", consent=""))
    page = body(response)
    assert response.status_code == 400 and "至少5个字" in page and "请阅读并同意隐私说明" in page
    assert response.status_code == 400 and not TopicSubmission.objects.exists()
    services.programme_update(programme_id=street.programme.pk, actor=street["community"], is_active=False)
    assert client.post(url, form()).status_code == 410
    assert not TopicSubmission.objects.exists()


@override_settings(JIESU_PUBLIC_LIMITS={"submit_ip": (2, 3600)})
def test_submissions_are_limited_per_address(client, street):
    url = url_of(street.programme)
    for n in range(2):
        assert client.post(url, form(phone=f"1381234567{n}")).status_code == 200
    response = client.post(url, form(phone="13812345679"))
    assert response.status_code == 429 and "操作过于频繁" in body(response)
    assert TopicSubmission.objects.count() == 2


@override_settings(JIESU_PUBLIC_LIMITS={"submit_phone": (1, 86400)})
def test_submissions_are_limited_per_phone(client, street):
    url = url_of(street.programme)
    assert client.post(url, form()).status_code == 200
    assert client.post(url, form(), REMOTE_ADDR="10.0.0.9").status_code == 429
    assert TopicSubmission.objects.count() == 1


def test_outcomes_show_published_meetings_without_names(client, street):
    loop = _loop(
        street,
        street.programme,
        street["community"],
        street.housing,
        "停车位不足消防通道被占",
        timezone.localdate(),
    )
    outcomes = reverse("deliberation_public_outcomes", args=[place_token(kind="d", pk=street.programme.pk)])
    assert "暂无公开的议事结果" in body(client.get(outcomes))
    services.meeting_publish(
        meeting_id=loop["meeting"].pk, actor=street["community"], summary="将施划停车位。"
    )
    page = body(client.get(outcomes))
    assert "将施划停车位" in page and "区住建委" in page and "办理中" in page
    assert "刘社区" not in page and "纪要" not in page


def test_the_riders_box_opens_the_riders_council_and_posters_list_programmes(client, street):
    assert client.get(reverse("deliberation_rider_suggest")).status_code == 404
    council = services.programme_create(
        actor=street["dispatcher"], community=None, name="小哥议事会", started_on=timezone.localdate(),
        audience="riders", order_channel="rider",
    )  # fmt: skip
    response = client.get(reverse("deliberation_rider_suggest"))
    assert response.status_code == 302 and response["Location"] == url_of(council)
    assert "小哥议事会" in body(client.get(url_of(council)))
    assert "d" in place_kinds
    client.force_login(street["community"])
    page = body(client.get(reverse("public_posters") + "?kind=d"))
    assert "大槐树下唠家常" in page and "小哥议事会" not in page and "乙社区议事厅" not in page
