"""Every page, list, export and action of 主动治理 over HTTP, per role: who sees what, who may act,
and workbench tiles whose counts equal the lists they open.

甲社区's project is carried out by 城市更新专班 (the `owner` login); 乙社区's (with text found
nowhere else) by the property project. A project outside a viewer's scope is a 404 and its text
appears in no page, partial, export or tile they get.
"""

import io
import re
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from jiesu.core.extensions import report_sections, workbench_tiles
from jiesu.core.photos import photos_of
from jiesu.projects import services
from jiesu.projects.models import Batch, Project, ProjectEvent
from jiesu.projects.sections import batches_section
from jiesu.projects.tiles import project_tiles
from tests.projects.conftest import approve, jpeg, propose

pytestmark = pytest.mark.django_db
SECRET = "乙方地库倒灌"

SEES = {
    "dispatcher": {"a", "b"},
    "centre_admin": {"a", "b"},
    "leader": {"a", "b"},
    "community": {"a"},
    "grid_worker": {"a"},
    "owner": {"a"},
    "other_community": {"b"},
    "property": {"b"},
    "bystander": set(),
    "evaluator": set(),
    "station_staff": set(),
    "security_admin": set(),
    "auditor": set(),
}


@pytest.fixture
def two(street):
    a = approve(street, propose(street))
    b = propose(
        street,
        actor=street["dispatcher"],
        community=street.other_community,
        places=[(street.other_compound, None)],
        title=f"{SECRET}治理",
        description=f"{SECRET}，更新雨水管线。",
        owner_unit=street.project_unit,
    )
    return {"a": a, "b": b}


def body(response) -> str:
    content = response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8", "replace")
    return content.decode("utf-8", "replace")


def total(response) -> int:
    return int(re.search(r'class="total" data-total="(\d+)"', body(response)).group(1))


@pytest.mark.parametrize("role", SEES)
def test_each_role_sees_only_its_projects_everywhere(client, street, two, role):
    client.force_login(street[role])
    seen = SEES[role]
    listing = client.get(reverse("project_list"))
    assert total(listing) == len(seen)
    for key, project in two.items():
        detail = client.get(reverse("project_detail", args=[project.pk]))
        assert detail.status_code == (200 if key in seen else 404), key
    export = client.get(reverse("project_export"))
    batches = client.get(reverse("project_batches"))
    tiles = "".join(f"{t.label}{t.url}" for t in project_tiles(street[role]))
    for response in (listing, export):
        if response.status_code == 200:
            assert (SECRET in body(response)) == ("b" in seen)
    if "b" not in seen:
        assert SECRET not in body(batches)
    assert SECRET not in tiles
    if not seen and role != "bystander":  # roles that see no projects at all (a unit sees its own: none)
        assert export.status_code == 403 and batches.status_code == 403


def test_photos_are_served_only_to_who_sees_the_project(client, street, two):
    services.project_photos_add(
        project_id=two["b"].pk, actor=street["dispatcher"], photos=[jpeg()], role="实施前"
    )
    photo = photos_of(two["b"])[0]
    client.force_login(street["community"])
    assert client.get(reverse("photo", args=[photo.pk])).status_code == 404
    client.force_login(street["property"])
    assert client.get(reverse("photo", args=[photo.pk])).status_code == 200


def test_a_community_worker_proposes_over_http_and_submits(client, street):
    client.force_login(street["community"])
    # the batch is open in March 2024; open it today for the page
    Batch.objects.filter(pk=street.batch.pk).update(
        opens_on=timezone.localdate(), closes_on=timezone.localdate()
    )
    response = client.post(
        reverse("project_new"),
        {
            "batch": street.batch.pk,
            "title": "阳光家园雨水管更新",
            "type": street.leak.pk,
            "description": "雨季积水，更新雨水管。",
            "community": street.community.pk,
            "compounds": [street.compound.pk],
            "building_numbers": "5 13",
            "source_kind": "recurring",
            "source_ref": "阳光家园5号楼 房屋漏水 反复诉求点位",
            "budget": "50000",
            "district": "50000",
            "photos": [jpeg()],
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response.url == reverse("project_detail", args=[project.pk])
    assert [p.building.number for p in project.places.all()] == ["5", "13"]
    response = client.post(
        reverse("project_act", args=[project.pk, "submit"]),
        {"version": project.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "已提交评审" in body(response)
    assert Project.objects.get().status == "reviewing"
    # the community may not approve: no panel, and a post is refused and changes nothing
    response = client.post(
        reverse("project_act", args=[project.pk, "approve"]),
        {"version": project.version + 1, "owner_unit": street.housing.pk},
    )
    assert response.status_code == 403 and Project.objects.get().status == "reviewing"


def test_bad_input_gets_a_chinese_error_and_changes_nothing(client, street):
    client.force_login(street["community"])
    Batch.objects.filter(pk=street.batch.pk).update(
        opens_on=timezone.localdate(), closes_on=timezone.localdate()
    )
    data = {
        "batch": street.batch.pk,
        "title": "x",
        "type": street.leak.pk,
        "description": "y",
        "community": street.community.pk,
        "compounds": [street.compound.pk],
        "building_numbers": "99",
        "source_kind": "proposal",
    }
    response = client.post(reverse("project_new"), data)
    assert response.status_code == 400 and "没有楼号：99" in body(response)
    data |= {"building_numbers": "", "source_kind": "topic"}
    response = client.post(reverse("project_new"), data)
    assert response.status_code == 400 and "请填写来源说明" in body(response)
    assert not Project.objects.exists()
    assert client.get(reverse("project_batches") + "?batch=abc").status_code == 400


def test_the_centre_approves_and_the_owner_works_over_http(client, street, two):
    project = two["a"]
    client.force_login(street["owner"])
    page = body(client.get(reverse("project_detail", args=[project.pk])))
    assert "action-start" in page and "action-cancel" not in page
    response = client.post(reverse("project_act", args=[project.pk, "start"]), {"version": project.version})
    assert response.status_code == 302 and Project.objects.get(pk=project.pk).status == "implementing"
    response = client.post(
        reverse("project_act", args=[project.pk, "photo"]),
        {"version": project.version + 1, "role": "实施后", "photos": [jpeg()]},
    )
    assert response.status_code == 302
    client.force_login(street["dispatcher"])
    response = client.post(
        reverse("project_act", args=[project.pk, "accept"]),
        {"version": project.version + 2, "completed_on": timezone.localdate().isoformat()},
        HTTP_HX_REQUEST="true",
    )
    assert "已验收通过" in body(response) and Project.objects.get(pk=project.pk).status == "accepted"
    stale = client.post(
        reverse("project_act", args=[project.pk, "photo"]),
        {"version": 1, "role": "实施后", "photos": [jpeg()]},
    )
    assert stale.status_code == 409 and "已被他人修改" in body(stale)
    assert ProjectEvent.objects.filter(project=project).count() == 6  # the stale photo wrote nothing


def test_the_leader_reads_but_has_no_actions(client, street, two):
    client.force_login(street["leader"])
    page = body(client.get(reverse("project_detail", args=[two["a"].pk])))
    assert "办理</h2>" not in page
    response = client.post(reverse("project_act", args=[two["a"].pk, "start"]), {"version": two["a"].version})
    assert response.status_code == 403
    assert client.get(reverse("project_new")).status_code == 403
    assert client.get(reverse("project_suggestions")).status_code == 403
    client.force_login(street["owner"])
    assert client.get(reverse("project_suggestions")).status_code == 403
    client.force_login(street["community"])
    assert client.get(reverse("project_suggestions") + "?season=夏").status_code == 200


@pytest.mark.parametrize("role", ["dispatcher", "leader", "community", "owner", "property"])
def test_tiles_equal_the_lists_they_open(client, street, two, role):
    services.project_submit(project_id=two["b"].pk, actor=street["dispatcher"])
    extra = propose(street)  # collecting
    services.project_milestone_add(
        project_id=two["a"].pk, actor=street["owner"], title="进场", due_on=date(2024, 3, 1)
    )
    services.project_start(project_id=two["a"].pk, actor=street["owner"])
    assert extra.status == "collecting"
    client.force_login(street[role])
    with workbench_tiles.only("projects"):
        tiles = [tile for provider in workbench_tiles.items() for tile in provider(street[role])]
    if role == "property":
        assert tiles == []  # the property project carries out no open approved project
        return
    assert tiles
    for tile in tiles:
        assert total(client.get(tile.url)) == tile.count, tile.label
    counts = {tile.label: tile.count for tile in tiles}
    if role in ("dispatcher", "leader"):
        assert counts == {"项目待评审": 1, "项目待开工": 0, "项目实施中": 1, "项目节点逾期": 1}
    if role == "community":
        assert counts == {"项目征集中": 1, "项目实施中": 1, "项目节点逾期": 1}


def test_filters_search_and_export(client, street, two):
    client.force_login(street["dispatcher"])
    assert total(client.get(reverse("project_list") + "?q=" + SECRET)) == 1
    assert total(client.get(reverse("project_list") + f"?community={street.community.pk}")) == 1
    assert total(client.get(reverse("project_list") + "?status=approved")) == 1
    assert total(client.get(reverse("project_list") + "?source_kind=whistle")) == 0
    export = client.get(reverse("project_export") + "?status=approved")
    assert export.status_code == 200 and "阳光家园屋面防水修缮" in body(export) and SECRET not in body(export)


def test_the_report_section_per_scope(street, two):
    from jiesu.insight.selectors.scope import insight_scope

    with report_sections.only("projects_batches"):
        section = batches_section(
            scope=insight_scope(user=street["dispatcher"]), start=date(2024, 1, 1), end=date(2024, 12, 31)
        )
    assert section.rows[0][:4] == ["2024年第一批", 2, 1, 0]
    assert section.rows[0][4:9] == [80000.0, 40000.0, 0.0, 0.0, 120000.0]
    assert section.columns[11] == "变化" and section.percent_columns == {11}
    mine = batches_section(
        scope=insight_scope(user=street["other_community"]), start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    assert mine.rows[0][:4] == ["2024年第一批", 1, 0, 0]
    assert (
        batches_section(
            scope=insight_scope(user=street["evaluator"]), start=date(2024, 1, 1), end=date(2024, 12, 31)
        )
        is None
    )


def test_pages_render_for_a_phone(client, street, two):
    client.force_login(street["dispatcher"])
    for url in (
        reverse("project_list"),
        reverse("project_detail", args=[two["a"].pk]),
        reverse("project_batches") + f"?batch={street.batch.pk}",
        reverse("project_suggestions"),
        reverse("project_new"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="viewport"' in body(response)


def test_the_section_shows_on_insight(client, street, two):
    client.force_login(street["dispatcher"])
    with report_sections.only("projects_batches"):
        response = client.get("/insight/", {"start": "2024-01", "end": "2024-12"})
    assert (
        response.status_code == 200
        and "主动治理·项目批次" in body(response)
        and "2024年第一批" in body(response)
    )
