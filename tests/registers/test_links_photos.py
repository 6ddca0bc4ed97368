"""Linking a point to a whistle from the point's page (within scope, one audited whistle event) and
photos on a point's repair and revisit steps (type and size checked, EXIF stripped, shown only to
who sees the point)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from jiesu.core.errors import NotPermitted, ValidationFailed
from jiesu.core.models import Photo
from jiesu.registers import services
from jiesu.registers.models import Point
from jiesu.whistles import services as whistle_services
from jiesu.whistles.models import WhistleEvent, WhistleLink
from jiesu.whistles.selectors import whistles_linked_to
from tests.registers.conftest import MORNING, leak_register, point

pytestmark = pytest.mark.django_db


def jpeg(name="roof.jpg") -> SimpleUploadedFile:
    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x0110] = "Secret Phone Model"
    Image.new("RGB", (40, 30), (30, 120, 200)).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def blow(street, *, other=False):
    actor = street["other_community"] if other else street["community"]
    return whistle_services.whistle_blow(
        actor=actor, community=street.other_community if other else street.community,
        title="5号楼顶层漏雨", description="连续降雨，顶层多户漏雨。", urgency="urgent",
        units=[street["department"].unit], now=MORNING,
    )  # fmt: skip


def links(p: Point) -> int:
    return WhistleLink.objects.filter(content_type__model="point", object_id=p.pk).count()


def test_a_community_worker_links_a_whistle_of_their_community_once(client, street):
    p = point(street, leak_register(street))
    whistle = blow(street)
    client.force_login(street["community"])
    page = client.get(reverse("point_detail", args=[p.pk])).content.decode()
    assert reverse("point_whistle_link", args=[p.pk]) in page
    response = client.post(reverse("point_whistle_link", args=[p.pk]), {"whistle": whistle.number})
    assert response.status_code in (200, 302)
    assert links(p) == 1
    event = WhistleEvent.objects.get(whistle=whistle, kind="link")
    assert event.actor == street["community"] and event.new == {"links": [f"point:{p.pk}"]}
    assert whistle.number in client.get(reverse("point_detail", args=[p.pk])).content.decode()
    assert list(whistles_linked_to(user=street["dispatcher"], obj=p)) == [whistle]
    # twice: a clear error, nothing written
    again = client.post(reverse("point_whistle_link", args=[p.pk]), {"whistle": whistle.number})
    assert again.status_code == 400 and "已关联" in again.content.decode()
    assert links(p) == 1 and WhistleEvent.objects.filter(kind="link").count() == 1


def test_linking_stays_within_scope(client, street):
    p = point(street, leak_register(street))
    theirs = blow(street, other=True)
    ours = blow(street)
    # a whistle of another community: not in the worker's scope
    with pytest.raises(ValidationFailed, match="找不到吹哨"):
        services.point_link_whistle(point_id=p.pk, actor=street["community"], whistle_number=theirs.number)
    # the centre sees both, but a point is linked only to its own community's whistles
    with pytest.raises(ValidationFailed, match="本社区"):
        services.point_link_whistle(point_id=p.pk, actor=street["dispatcher"], whistle_number=theirs.number)
    # the other community cannot reach the point; the leader and the property company may not link
    with pytest.raises(NotPermitted):
        services.point_link_whistle(
            point_id=p.pk, actor=street["other_community"], whistle_number=ours.number
        )
    for role in ("leader", "property", "grid_worker"):
        client.force_login(street[role])
        assert (
            reverse("point_whistle_link", args=[p.pk])
            not in client.get(reverse("point_detail", args=[p.pk])).content.decode()
        )
        response = client.post(reverse("point_whistle_link", args=[p.pk]), {"whistle": ours.number})
        assert response.status_code in (400, 403, 404)
    client.force_login(street["other_community"])
    assert (
        client.post(reverse("point_whistle_link", args=[p.pk]), {"whistle": theirs.number}).status_code == 404
    )
    client.force_login(street["community"])
    assert client.post(reverse("point_whistle_link", args=[p.pk]), {"whistle": ""}).status_code == 400
    assert links(p) == 0 and not WhistleEvent.objects.filter(kind="link").exists()
    services.point_link_whistle(point_id=p.pk, actor=street["dispatcher"], whistle_number=ours.number)
    assert links(p) == 1


def test_repair_and_revisit_photos_are_checked_cleaned_and_scoped(client, street):
    p = point(street, leak_register(street))
    services.point_assign(point_id=p.pk, actor=street["community"], cadre=street["cadre"])
    services.point_respond(point_id=p.pk, actor=street["cadre"])
    client.force_login(street["cadre"])
    # a file that is not a photo: refused in Chinese, the step not taken
    bad = SimpleUploadedFile("roof.jpg", b"not an image", content_type="image/jpeg")
    version = Point.objects.get(pk=p.pk).version
    response = client.post(
        reverse("point_act", args=[p.pk, "repair"]), {"note": "重做防水", "version": version, "photos": [bad]}
    )
    assert response.status_code == 400 and "照片" in response.content.decode()
    assert Point.objects.get(pk=p.pk).status == "responded" and not Photo.objects.exists()
    # two photos with the repair
    response = client.post(
        reverse("point_act", args=[p.pk, "repair"]),
        {"note": "重做防水", "version": version, "photos": [jpeg(), jpeg("b.jpg")]},
    )
    assert response.status_code in (200, 302)
    repaired = Point.objects.get(pk=p.pk)
    assert repaired.status == "repaired"
    assert repaired.events.get(kind="repair").new["photos"] == 2
    # the revisit with one more
    client.force_login(street["community"])
    client.post(
        reverse("point_act", args=[p.pk, "revisit"]),
        {"solved": "1", "note": "住户确认不再漏雨", "version": repaired.version, "photos": [jpeg()]},
    )
    assert Point.objects.get(pk=p.pk).status == "revisited"
    photos = list(Photo.objects.order_by("id"))
    assert [ph.role for ph in photos] == ["维修", "维修", "回访"]
    for photo in photos:
        with photo.file.open("rb") as handle:
            assert b"Secret Phone Model" not in handle.read()  # EXIF stripped
    page = client.get(reverse("point_detail", args=[p.pk])).content.decode()
    assert "维修照片" in page and "回访照片" in page
    assert client.get(reverse("photo", args=[photos[0].pk])).status_code == 200
    client.force_login(street["other_community"])
    assert client.get(reverse("photo", args=[photos[0].pk])).status_code == 404
