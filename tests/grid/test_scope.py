"""Scope per role over HTTP: a community sees its own groups and matters only (the south group's
name is the secret); the centre and the leader see all; everyone else nothing. Tiles = lists."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiesu.accounts.models import Role
from jiesu.core.extensions import workbench_tiles
from jiesu.grid import services
from jiesu.grid.models import GridMatter
from tests.factories import PropertyCompanyFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
SECRET = "南苑秘密责任区群"
PAGES = ("grid_groups", "grid_matters", "grid_figures")
SEES_ALL = ("dispatcher", "centre_admin", "leader")
SEES_NORTH = ("community", "grid_worker")
NOTHING = ("property", "department", "evaluator", "station_staff", "security_admin", "auditor")


def user_for(role: str, grid):
    return {
        "dispatcher": lambda: grid.dispatcher,
        "leader": lambda: grid.leader,
        "community": lambda: grid.community_user,
        "grid_worker": lambda: grid.grid_user,
        "property": lambda: UserFactory(role=Role.PROPERTY, unit=PropertyCompanyFactory()),
        "department": lambda: UserFactory(role=Role.DEPARTMENT, unit=UnitFactory()),
    }.get(role, lambda: UserFactory(role=role))()


@pytest.fixture
def matters(grid):
    north = services.matter_record(
        actor=grid.grid_user, reporter_id=grid.member.pk, tier="minor", title="北湖楼道杂物"
    )
    south = services.matter_record(
        actor=grid.dispatcher, reporter_id=grid.south_member.pk, tier="major", title=f"{SECRET}的事"
    )
    return north, south


@pytest.mark.parametrize("role", SEES_ALL + SEES_NORTH + NOTHING)
def test_each_role_sees_its_own_scope_only(client, grid, matters, role):
    client.force_login(user_for(role, grid))
    for page in PAGES:
        response = client.get(reverse(page))
        if role in NOTHING:
            assert response.status_code == 404, (page, role)
            continue
        body = response.content.decode()
        assert response.status_code == 200, (page, role)
        if page != "grid_figures":
            assert (SECRET in body) == (role in SEES_ALL), (page, role)
    north, south = matters
    assert client.get(reverse("grid_matter", args=[south.pk])).status_code == (
        200 if role in SEES_ALL else 404
    )
    assert client.get(reverse("grid_matter", args=[north.pk])).status_code == (
        200 if role in SEES_ALL + SEES_NORTH else 404
    )
    group = client.get(reverse("grid_group", args=[south.group_id]))
    assert group.status_code == (200 if role in SEES_ALL else 404)


def test_anonymous_is_sent_to_sign_in(client, grid):
    for page in PAGES:
        assert client.get(reverse(page)).status_code == 302


def test_a_grid_worker_records_and_escalates_over_http(client, grid):
    client.force_login(grid.grid_user)
    form = client.get(reverse("grid_matter_new")).content.decode()
    assert "北湖第一责任区群 · 周红" in form and "孙居民" not in form  # only their own groups' members
    created = client.post(
        reverse("grid_matter_new"),
        {
            "reporter": grid.member.pk,
            "tier": "major",
            "title": "楼顶漏雨",
            "compound": grid.compound.pk,
            "building_number": "2",
        },
    )
    matter = GridMatter.objects.get()
    assert created.status_code == 302 and matter.building == grid.buildings[1]
    page = client.get(reverse("grid_matter", args=[matter.pk])).content.decode()
    assert "上报社区" in page
    done = client.post(
        reverse("grid_matter_act", args=[matter.pk, "escalate_community"]),
        {"version": matter.version, "note": "多户"},
    )
    matter.refresh_from_db()
    assert (
        done.status_code == 302
        and matter.status == "to_community"
        and matter.order.lead_unit == grid.north.unit
    )
    stale = client.post(reverse("grid_matter_act", args=[matter.pk, "settle"]), {"version": 0, "note": "x"})
    assert stale.status_code == 409
    client.force_login(
        grid.community_user
    )  # the order is in the community's queue, with the matter beside it
    order_page = client.get(reverse("order_detail", args=[matter.order_id])).content.decode()
    assert "grid-panel" in order_page and "北湖第一责任区群·周红报告" in order_page


def test_the_leader_and_the_south_cannot_act(client, grid, matters):
    north, _ = matters
    for user, status in ((grid.leader, 403), (grid.south_user, 404)):
        client.force_login(user)
        response = client.post(reverse("grid_matter_act", args=[north.pk, "settle"]), {"note": "x"})
        assert response.status_code == status
    north.refresh_from_db()
    assert north.status == "open"


def test_exports_are_in_scope(client, grid, matters):
    client.force_login(grid.community_user)
    for page in ("grid_matters", "grid_groups"):
        response = client.get(reverse(page), {"format": "xlsx"})
        assert response.status_code == 200 and response.content[:2] == b"PK"
        rows = list(load_workbook(io.BytesIO(response.content)).active.values)
        assert len(rows) > 1 and not any(SECRET in str(cell) for row in rows for cell in row), page


@pytest.mark.parametrize("who", ["dispatcher", "community_user", "grid_user", "south_user"])
def test_tiles_count_what_their_lists_show(client, grid, matters, who):
    north, south = matters
    services.matter_escalate(actor=grid.dispatcher, matter_id=south.pk)
    hard = services.matter_record(
        actor=grid.grid_user, reporter_id=grid.member.pk, tier="hard", title="占道经营"
    )
    services.matter_escalate(actor=grid.grid_user, matter_id=hard.pk)
    user = getattr(grid, who)
    client.force_login(user)
    with workbench_tiles.only("grid"):
        tiles = [tile for provider in workbench_tiles.items() for tile in provider(user)]
    assert tiles
    for tile in tiles:
        listing = client.get(tile.url).content.decode()
        assert re.search(rf'data-total="{tile.count}"', listing), (who, tile)
    counts = {t.label: t.count for t in tiles}
    expected = {
        "dispatcher": {"网格难点未办结": 1},
        "community_user": {"网格事项待处理": 1, "网格大事未办结": 0},
        "grid_user": {"网格事项待处理": 1, "网格大事未办结": 0},
        "south_user": {"网格事项待处理": 0, "网格大事未办结": 1},
    }[who]
    assert counts == expected


def test_the_community_manages_its_groups_over_http(client, grid):
    client.force_login(grid.community_user)
    created = client.post(
        reverse("grid_group_new"),
        {"community": grid.north.pk, "kind": "volunteers", "name": "北湖网格志愿者"},
    )
    group = grid.north.grid_groups.get(kind="volunteers")
    assert created.status_code == 302
    url = reverse("grid_group", args=[group.pk])
    assert client.post(url, {"what": "member_add", "name": "吴志愿", "role": "volunteer"}).status_code == 302
    member = group.members.get()
    assert client.post(url, {"what": "member_remove", "member": member.pk}).status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    zone = reverse("grid_group", args=[grid.zones[2].pk])
    assert client.post(zone, {"what": "buildings", "buildings": [grid.buildings[2].pk]}).status_code == 302
    assert list(grid.zones[2].buildings.all()) == [grid.buildings[2]]
    taken = client.post(zone, {"what": "buildings", "buildings": [grid.buildings[0].pk]})
    assert taken.status_code == 400 and "已分给其他责任区" in taken.content.decode()
    fifth = client.post(
        reverse("grid_group_new"), {"community": grid.north.pk, "kind": "zone", "name": "第五"}
    )
    assert fifth.status_code == 400 and "已满" in fifth.content.decode()
    client.force_login(grid.grid_user)
    assert client.get(reverse("grid_group_new")).status_code == 404
    assert client.post(zone, {"what": "member_add", "name": "x", "role": "volunteer"}).status_code == 403
