"""Scope per role over HTTP: a community sees its own register, volunteers, records and pairings
only; the centre and the leader see all; everyone else nothing. The south resident's needs (a
secret) never appear in a body that may not show them; names are masked unless revealed."""

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jiesu.accounts.models import Role
from jiesu.core.extensions import workbench_tiles
from jiesu.riders.models import Rider
from jiesu.riders.services import rider_register
from jiesu.volunteers import services
from jiesu.volunteers.models import Pairing, Resident
from tests.factories import PropertyCompanyFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
SECRET = "南苑独居秘密需求"
PAGES = (
    "volunteers_home",
    "volunteers_list",
    "volunteers_records",
    "volunteers_residents",
    "volunteers_pairings",
)
SEES_ALL = ("dispatcher", "centre_admin", "leader")
SEES_NORTH = ("community", "grid_worker")
NOTHING = ("property", "department", "evaluator", "station_staff", "security_admin", "auditor")


def user_for(role: str, street):
    return {
        "dispatcher": lambda: street.dispatcher,
        "leader": lambda: street.leader,
        "community": lambda: street.community_user,
        "grid_worker": lambda: street.grid_user,
        "property": lambda: UserFactory(role=Role.PROPERTY, unit=PropertyCompanyFactory()),
        "department": lambda: UserFactory(role=Role.DEPARTMENT, unit=UnitFactory()),
    }.get(role, lambda: UserFactory(role=role))()


@pytest.fixture
def paired(street):
    today = timezone.localdate()
    for resident, volunteer in (
        (street.resident, street.volunteer),
        (street.south_resident, street.south_volunteer),
    ):
        services.pairing_create(
            actor=street.dispatcher, resident_id=resident.pk, volunteer_id=volunteer.pk, started_on=today
        )
    return street


@pytest.mark.parametrize("role", SEES_ALL + SEES_NORTH + NOTHING)
def test_each_role_sees_its_own_scope_only(client, paired, role):
    client.force_login(user_for(role, paired))
    for page in PAGES:
        response = client.get(reverse(page))
        body = response.content.decode()
        if role in NOTHING:
            assert response.status_code == 404, (page, role)
            continue
        assert response.status_code == 200, (page, role)
        if role in SEES_ALL and page == "volunteers_residents":
            assert SECRET in body
        if role in SEES_NORTH:
            assert SECRET not in body and "李南苑" not in body, (page, role)
    south = client.get(reverse("volunteers_resident", args=[paired.south_resident.pk]))
    assert south.status_code == (200 if role in SEES_ALL else 404)
    north = client.get(reverse("volunteers_resident", args=[paired.resident.pk]))
    assert north.status_code == (200 if role in SEES_ALL + SEES_NORTH else 404)


def test_anonymous_is_sent_to_sign_in(client, street):
    for page in PAGES:
        assert client.get(reverse(page)).status_code == 302


def test_names_are_masked_until_revealed_and_the_reveal_is_logged(client, paired):
    client.force_login(paired.community_user)
    page = client.get(reverse("volunteers_resident", args=[paired.resident.pk])).content.decode()
    assert "赵北老" not in page and "赵**" in page and "138****5678" in page
    listing = client.get(reverse("volunteers_residents")).content.decode()
    assert "赵北老" not in listing and "赵**" in listing
    revealed = client.post(reverse("volunteers_resident_act", args=[paired.resident.pk, "reveal"]))
    assert (
        revealed.status_code == 200
        and "赵北老" in revealed.content.decode()
        and "13812345678" in revealed.content.decode()
    )
    again = client.get(reverse("volunteers_resident", args=[paired.resident.pk])).content.decode()
    assert "赵北老" not in again
    south = client.post(reverse("volunteers_resident_act", args=[paired.south_resident.pk, "reveal"]))
    assert south.status_code == 404 and "钱南老" not in south.content.decode()


def test_the_leader_sees_but_may_not_reveal(client, paired):
    client.force_login(paired.leader)
    response = client.post(reverse("volunteers_resident_act", args=[paired.resident.pk, "reveal"]))
    assert response.status_code == 403 and "赵北老" not in response.content.decode()


def test_a_community_pairs_and_visits_over_http(client, street):
    client.force_login(street.community_user)
    url = reverse("volunteers_resident_act", args=[street.resident.pk, "pair"])
    today = timezone.localdate().isoformat()
    assert client.post(url, {"volunteer": street.volunteer.pk, "started_on": today}).status_code == 302
    pairing = Pairing.objects.get()
    client.force_login(street.grid_user)
    visit = client.post(
        reverse("volunteers_pairing_act", args=[pairing.pk, "visit"]),
        {"visited_on": today, "hours": "1", "wellbeing": "good", "note": "上门探访"},
    )
    assert visit.status_code == 302 and pairing.visits.count() == 1
    refused = client.post(
        reverse("volunteers_resident_act", args=[street.resident.pk, "close"]), {"note": "x"}
    )
    assert refused.status_code == 403 and Resident.objects.get(pk=street.resident.pk).status == "active"


def test_exports_are_in_scope_and_masked(client, paired):
    client.force_login(paired.community_user)
    response = client.get(reverse("volunteers_residents"), {"format": "xlsx"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 2 and "赵**" in rows[1] and "赵北老" not in rows[1]
    for page in ("volunteers_list", "volunteers_records", "volunteers_pairings"):
        assert client.get(reverse(page), {"format": "xlsx"}).content[:2] == b"PK", page


@pytest.mark.parametrize("who", ["dispatcher", "community_user", "grid_user", "south_user"])
def test_tiles_count_what_their_lists_show(client, paired, who):
    user = getattr(paired, who)
    Pairing.objects.filter(resident=paired.resident).update(
        next_visit_due=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(user)
    with workbench_tiles.only("volunteers"):
        tiles = [tile for provider in workbench_tiles.items() for tile in provider(user)]
    assert tiles and {t.label for t in tiles} == {"结对走访逾期", "困难群众未结对"}
    for tile in tiles:
        listing = client.get(tile.url).content.decode()
        assert re.search(rf'data-total="{tile.count}"', listing), (who, tile)
    overdue = next(t for t in tiles if t.label == "结对走访逾期").count
    assert overdue == (0 if who == "south_user" else 1)


def test_edit_pages_change_through_the_services_and_never_unmask(client, street):
    client.force_login(street.community_user)
    form = client.get(reverse("volunteers_resident_edit", args=[street.resident.pk])).content.decode()
    assert "赵北老" not in form and "13812345678" not in form
    saved = client.post(
        reverse("volunteers_resident_edit", args=[street.resident.pk]),
        {"kind": "disabled", "visit_every_days": 14, "needs": "康复陪护", "name": "", "phone": ""},
    )
    resident = Resident.objects.get(pk=street.resident.pk)
    assert saved.status_code == 302 and resident.kind == "disabled" and resident.name == "赵北老"
    assert resident.visit_every_days == 14 and resident.phone == "13812345678"
    event = resident.events.get(kind="resident_changed")
    assert event.new == {"kind": "disabled", "needs": "康复陪护", "visit_every_days": 14}
    assert client.get(reverse("volunteers_resident_edit", args=[street.south_resident.pk])).status_code == 404
    edit = client.post(
        reverse("volunteers_edit", args=[street.volunteer.pk]),
        {"name": "王北湖", "kind": "party_member", "team": street.team.pk, "community": street.north.pk},
    )
    assert edit.status_code == 302 and street.volunteer.events.filter(kind="volunteer_changed").count() == 1
    client.force_login(street.grid_user)
    assert client.get(reverse("volunteers_edit", args=[street.volunteer.pk])).status_code == 404


def test_the_centre_pairs_a_rider_with_a_resident(client, street):
    rider_register(platform="meituan", phone="13900001111", consent=True)
    rider = Rider.objects.get()
    client.force_login(street.dispatcher)
    created = client.post(
        reverse("volunteers_new"),
        {
            "name": "美团小哥",
            "kind": "rider",
            "team": street.team.pk,
            "community": street.north.pk,
            "rider": rider.pk,
        },
    )
    assert created.status_code == 302
    volunteer = rider.volunteer
    today = timezone.localdate().isoformat()
    url = reverse("volunteers_resident_act", args=[street.resident.pk, "pair"])
    assert client.post(url, {"volunteer": volunteer.pk, "started_on": today}).status_code == 302
    listing = client.get(reverse("volunteers_pairings"), {"rider": "1"}).content.decode()
    assert 'data-total="1"' in listing and "美团小哥" in listing
    edit = client.post(
        reverse("volunteers_edit", args=[volunteer.pk]),
        {
            "name": "美团小哥",
            "kind": "rider",
            "team": street.team.pk,
            "community": street.north.pk,
            "rider": rider.pk,
        },
    )
    assert edit.status_code == 302
    client.force_login(street.community_user)
    form = client.get(reverse("volunteers_new")).content.decode()
    assert "13900001111" not in form and 'name="rider"' not in form
