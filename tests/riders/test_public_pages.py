"""The riders' public pages: the map and nearest-first list, the card, 小哥说事, the ranking."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from jiesu.public.models import EverydayCategory
from jiesu.public.places import place_token
from jiesu.riders.models import Rider, RiderReport
from jiesu.workorders.models import Channel, WorkOrder
from tests.public.conftest import jpeg_upload

pytestmark = pytest.mark.django_db


def names_in_order(body: str) -> list[str]:
    return re.findall(r"<h2>([^<]*驿站)</h2>", body)


def test_the_map_lists_open_stations_filters_by_amenity_and_sorts_by_distance(client, riders):
    body = client.get(reverse("riders_public_home")).content.decode()
    assert names_in_order(body) == ["北湖驿站", "南苑驿站"] and 'data-total="2"' in body
    assert "leaflet.js" in body and "station-data" in body
    assert names_in_order(
        client.get(reverse("riders_public_home"), {"amenity": "has_toilet"}).content.decode()
    ) == ["南苑驿站"]
    near_south = client.get(
        reverse("riders_public_home"), {"lat": "39.9701", "lng": "116.4601"}
    ).content.decode()
    assert names_in_order(near_south) == ["南苑驿站", "北湖驿站"] and "米" in near_south
    # a nonsense position is ignored, not an error
    assert client.get(reverse("riders_public_home"), {"lat": "abc", "lng": "1"}).status_code == 200


def test_a_rider_registers_and_the_card_page_shows_a_qr_code_for_the_station(client, riders):
    response = client.post(
        reverse("riders_public_card_new"),
        {"platform": "meituan", "phone": "137-1234-5678", "nickname": "小李", "consent": "on"},
    )
    assert response.status_code == 302
    card = client.get(response.url)
    body = card.content.decode()
    assert (
        card.status_code == 200
        and "<svg" in body
        and "美团骑手" in body
        and card["Cache-Control"] == "no-store"
    )
    assert Rider.objects.get().phone == "13712345678"
    again = client.post(
        reverse("riders_public_card_new"), {"platform": "eleme", "phone": "13712345678", "consent": "on"}
    )
    assert again.status_code == 400 and "已办理暖心卡" in again.content.decode()
    assert client.get(reverse("riders_public_card", args=["2222-3333-4444"])).status_code == 404


@override_settings(JIESU_PUBLIC_LIMITS={"card_ip": (2, 3600)})
def test_card_registration_is_limited_per_address(client, riders):
    for n in range(2):
        client.post(
            reverse("riders_public_card_new"), {"platform": "sf", "phone": f"1370000000{n}", "consent": "on"}
        )
    third = client.post(
        reverse("riders_public_card_new"), {"platform": "sf", "phone": "13700000009", "consent": "on"}
    )
    assert third.status_code == 429 and Rider.objects.count() == 2


def test_a_rider_reports_a_hazard_with_a_photo_from_a_station_poster(client, riders):
    client.post(
        reverse("riders_public_card_new"), {"platform": "jd", "phone": "13755556666", "consent": "on"}
    )
    token = place_token(kind="s", pk=riders.station.pk)
    station_page = client.get(reverse("riders_public_station", args=[token])).content.decode()
    assert "北湖驿站" in station_page and "免费热水" in station_page
    hazard = EverydayCategory.objects.get(label="路面坑洼")
    response = client.post(
        f"{reverse('riders_public_report')}?s={token}",
        {
            "everyday": hazard.pk,
            "place_text": "北湖路口",
            "content": "路口有个大坑，晚上骑车很危险。",
            "phone": "13755556666",
            "consent": "on",
            "photos": [jpeg_upload()],
        },
    )
    assert response.status_code == 302 and response.url == reverse("public_done")
    assert re.search(r'id="tracking-code">[0-9A-Z-]{14}<', client.get(response.url).content.decode())
    order = WorkOrder.objects.get()
    report = RiderReport.objects.get()
    assert order.channel == Channel.RIDER and order.compound == riders.north  # the station's compound
    assert report.rider == Rider.objects.get() and report.place_text == "北湖路口"


def test_a_report_without_any_place_is_refused_with_a_message(client, riders):
    hazard = EverydayCategory.objects.get(label="路面坑洼")
    response = client.post(
        reverse("riders_public_report"),
        {
            "everyday": hazard.pk,
            "content": "路口有个大坑，晚上骑车很危险。",
            "phone": "13755556666",
            "consent": "on",
        },
    )
    assert response.status_code == 400 and "请选择小区" in response.content.decode()
    assert not WorkOrder.objects.exists()


def test_a_poster_of_a_compound_does_not_open_the_station_page(client, riders):
    token = place_token(kind="c", pk=riders.north.pk)
    assert client.get(reverse("riders_public_station", args=[token])).status_code == 404


def test_the_public_ranking_shows_masked_names_only(riders):
    from jiesu.riders.services import rider_register, rider_report_create, rider_report_judge

    card = rider_register(platform="meituan", phone="13712340000", nickname="张大伟", consent=True)
    report, _ = rider_report_create(
        everyday=EverydayCategory.objects.get(label="井盖缺失"),
        content="井盖缺失很危险，请尽快处理。",
        phone="13712340000",
        consent=True,
        card_code=card.code,
        compound=riders.north,
    )
    rider_report_judge(report_id=report.pk, action="confirm", actor=riders.dispatcher)
    body = Client().get(reverse("riders_public_ranking")).content.decode()
    assert "张**" in body and "张大伟" not in body and "13712340000" not in body and ">10<" in body
