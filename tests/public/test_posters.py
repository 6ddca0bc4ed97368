"""Posters: a PDF page per place, its QR code pointing at the place's signed page; who may print."""

import pytest
from django.test import override_settings
from django.urls import reverse

from jiesu.accounts.models import Role
from jiesu.public.links import public_url
from jiesu.public.places import compound_place, place_from_token, place_token
from jiesu.public.qr import qr_matrix
from tests.factories import CommunityUnitFactory, CompoundFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_token_names_its_place_and_nothing_else(place):
    token = place_token(kind="c", pk=place["compound"].pk)
    assert place_from_token(token).compound == place["compound"]
    assert place_from_token(token.replace("c", "m", 1)) is None  # another kind, same id: not signed
    assert str(place["compound"].pk) in token and ":" in token


@override_settings(JIESU_PLACE_TOKEN_KEY="another-key")
def test_a_token_signed_with_another_key_is_unknown(place):
    token = place_token(kind="c", pk=place["compound"].pk)
    with override_settings(JIESU_PLACE_TOKEN_KEY="the-key-now"):
        assert place_from_token(token) is None


@override_settings(JIESU_PUBLIC_URL="https://jiesu.example.gov.cn")
def test_the_poster_url_uses_the_public_address(rf, place):
    url = public_url(rf.get("/"), compound_place(place["compound"]))
    assert url.startswith("https://jiesu.example.gov.cn/p/q/c")
    assert len(qr_matrix(url)) >= 25  # a real QR symbol (version 2 or more)


def test_staff_download_a_poster_and_all_posters_of_their_community(client, place):
    worker = UserFactory(role=Role.COMMUNITY, unit=place["unit"])
    other = CompoundFactory(community=CommunityUnitFactory().community, name="别处小区")
    client.force_login(worker)
    one = client.get(reverse("public_poster", args=["c", place["compound"].pk]))
    assert (
        one.status_code == 200
        and one["Content-Type"] == "application/pdf"
        and one.content.startswith(b"%PDF")
    )
    assert client.get(reverse("public_poster", args=["c", other.pk])).status_code == 404
    listing = client.get(reverse("public_posters"))
    body = listing.content.decode()
    assert 'data-total="1"' in body and "槐香里" in body and "别处小区" not in body
    bulk = client.get(reverse("public_posters"), {"format": "pdf"})
    assert bulk.status_code == 200 and bulk.content.startswith(b"%PDF")
    community_poster = client.get(reverse("public_poster", args=["m", place["community"].pk]))
    assert community_poster.status_code == 200


def test_the_centre_prints_every_poster_and_others_none(client, place):
    CompoundFactory(community=CommunityUnitFactory().community, name="别处小区")
    client.force_login(UserFactory(role=Role.DISPATCHER))
    assert 'data-total="2"' in client.get(reverse("public_posters")).content.decode()
    for role in (Role.PROPERTY, Role.DEPARTMENT, Role.EVALUATOR, Role.STATION_STAFF, Role.AUDITOR):
        client.force_login(UserFactory(role=role))
        assert client.get(reverse("public_posters")).status_code == 404
        assert client.get(reverse("public_poster", args=["c", place["compound"].pk])).status_code == 404
