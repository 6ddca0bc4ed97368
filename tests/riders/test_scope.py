"""Scope per role over HTTP for every staff page of the public channel and the riders' app.

Side "north" holds the station `北湖驿站` (staff `station`, community worker `sqbeihu`); side
"south" holds `南苑驿站`. Whoever may not see the south station never finds its name in a body.
"""

import pytest
from django.urls import reverse

from jiesu.accounts.models import Role
from jiesu.riders.services import benefit_record, rider_register
from tests.factories import PropertyCompanyFactory, UnitFactory, UserFactory

SECRET = "南苑驿站"
ROLES = [
    "dispatcher",
    "centre_admin",
    "leader",
    "community",
    "property",
    "department",
    "grid_worker",
    "evaluator",
    "station_staff",
    "security_admin",
    "auditor",
    "anonymous",
]
OK, HIDDEN, LOGIN = 200, 404, 302
# page -> expected status per role (in ROLES order)
EXPECTED = {
    "riders_stations": [OK, OK, OK, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK, HIDDEN, HIDDEN, LOGIN],
    "riders_verify": [
        HIDDEN,
        HIDDEN,
        HIDDEN,
        HIDDEN,
        HIDDEN,
        HIDDEN,
        HIDDEN,
        HIDDEN,
        OK,
        HIDDEN,
        HIDDEN,
        LOGIN,
    ],
    "riders_benefits": [OK, OK, OK, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK, HIDDEN, HIDDEN, LOGIN],
    "riders_riders": [OK, OK, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, LOGIN],
    "riders_reports": [OK, OK, OK, OK, OK, OK, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, LOGIN],
    "riders_ranking": [OK, OK, OK, OK, OK, OK, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, LOGIN],
    "public_submissions": [OK, OK, OK, OK, OK, OK, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, LOGIN],
    "public_posters": [OK, OK, OK, OK, HIDDEN, HIDDEN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, LOGIN],
}
SEES_SOUTH = {"dispatcher", "centre_admin", "leader"}


def make_user(role: str, riders):
    if role == "anonymous":
        return None
    if role == "community":
        return riders.community_user
    if role == "station_staff":
        return riders.staff
    if role == "dispatcher":
        return riders.dispatcher
    unit = {
        "property": lambda: PropertyCompanyFactory(),
        "department": lambda: UnitFactory(),
        "grid_worker": lambda: riders.north.community.unit,
    }.get(role, lambda: None)()
    return UserFactory(role=role, unit=unit)


@pytest.fixture
def used(riders):
    card = rider_register(platform="meituan", phone="13800001234", consent=True)
    benefit_record(
        station_id=riders.other.pk, card_code=card.code, benefit="免费热水", actor=riders.other_staff
    )
    benefit_record(station_id=riders.station.pk, card_code=card.code, benefit="免费热水", actor=riders.staff)
    return card


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_only_its_pages_and_scope(client, riders, used, role):
    user = make_user(role, riders)
    if user is not None:
        client.force_login(user)
    for page, statuses in EXPECTED.items():
        expected = statuses[ROLES.index(role)]
        response = client.get(reverse(page))
        assert response.status_code == expected, (page, role, response.status_code)
        body = response.content.decode()
        if role not in SEES_SOUTH:
            assert SECRET not in body, (page, role)
        if expected == OK and page in ("riders_stations", "riders_benefits") and role in SEES_SOUTH:
            assert SECRET in body


@pytest.mark.parametrize("role", ROLES)
def test_a_station_outside_the_scope_is_not_found_and_cannot_be_changed(client, riders, role):
    user = make_user(role, riders)
    if user is not None:
        client.force_login(user)
    south = riders.other
    detail = client.get(reverse("riders_station", args=[south.pk]))
    close = client.post(reverse("riders_station_act", args=[south.pk, "close"]))
    south.refresh_from_db()
    if role in ("dispatcher", "centre_admin"):
        assert detail.status_code == 200 and south.status == "closed"
    elif role == "leader":
        assert detail.status_code == 200 and close.status_code == 403 and south.status == "open"
    else:
        assert detail.status_code in (302, 404) and close.status_code in (302, 404) and south.status == "open"


def test_station_staff_verify_a_card_at_their_station_only(client, riders):
    card = rider_register(platform="eleme", phone="13800005678", consent=True)
    client.force_login(riders.staff)
    page = client.get(reverse("riders_verify"), {"card": card.code})
    body = page.content.decode()
    assert page.status_code == 200 and "暖心卡有效" in body and "138****5678" in body and SECRET not in body
    refused = client.post(
        reverse("riders_verify"), {"card": card.code, "station": riders.other.pk, "benefit": "免费热水"}
    )
    assert refused.status_code == 400 and riders.other.benefit_uses.count() == 0
    done = client.post(
        reverse("riders_verify"), {"card": card.code, "station": riders.station.pk, "benefit": "免费热水"}
    )
    assert done.status_code == 302 and riders.station.benefit_uses.count() == 1


def test_workbench_tiles_match_the_lists_they_open(client, riders, used):
    for user in (riders.staff, riders.dispatcher):
        client.force_login(user)
        workbench = client.get(reverse("workbench")).content.decode()
        import re

        for url, count in re.findall(r'href="(/riders/[^"]+)" data-count="(\d+)"', workbench):
            listing = client.get(url.replace("&amp;", "&")).content.decode()
            assert f'data-total="{count}"' in listing, (user.username, url)


def test_lists_export_excel_in_scope(client, riders, used):
    client.force_login(riders.community_user)
    for page in ("riders_stations", "riders_benefits", "riders_reports", "public_submissions"):
        response = client.get(reverse(page), {"format": "xlsx"})
        assert response.status_code == 200 and response.content[:2] == b"PK", page
    client.force_login(UserFactory(role=Role.LEADER))
    assert client.get(reverse("riders_riders"), {"format": "xlsx"}).content[:2] == b"PK"


@pytest.mark.parametrize("bad", ["²", "1" * 30, "x"])
def test_a_bad_staff_id_is_refused_clearly_and_changes_nothing(client, riders, bad):
    client.force_login(riders.dispatcher)
    client.raise_request_exception = False
    response = client.post(
        reverse("riders_station_act", args=[riders.station.pk, "staff"]), {"staff": [riders.staff.pk, bad]}
    )
    assert response.status_code == 400 and "staff" in response.content.decode()
    assert list(riders.station.staff.all()) == [riders.staff]
