"""Every page, list, export and action of 吹哨报到 over HTTP, per role: who sees what, who may act.

甲社区's whistle summons 区住建委 and the property project; 乙社区's (with text found nowhere
else) summons the water company and the metro. A whistle outside a viewer's scope is a 404 and
its text appears in no page, partial, export or workbench they get.
"""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiesu.core.photos import photos_of
from jiesu.whistles import services
from jiesu.whistles.models import Summons, Whistle, WhistleEvent
from jiesu.workorders import services as order_services
from tests.factories import WorkOrderFactory
from tests.whistles.conftest import blow, jpeg

pytestmark = pytest.mark.django_db
SECRET = "乙方地库倒灌"

# role -> which whistles it sees ("a" 甲社区's, "b" 乙社区's)
SEES = {
    "dispatcher": {"a", "b"},
    "centre_admin": {"a", "b"},
    "leader": {"a", "b"},
    "community": {"a"},
    "grid_worker": {"a"},
    "property": {"a"},
    "department": {"a"},
    "water": {"b"},
    "other_community": {"b"},
    "bystander": set(),
    "evaluator": set(),
    "station_staff": set(),
    "security_admin": set(),
    "auditor": set(),
}
MAY_BLOW = {"dispatcher", "centre_admin", "community", "other_community"}


@pytest.fixture
def two(street):
    a = blow(street, units=[street.housing, street.project])
    b = blow(
        street,
        actor=street["other_community"],
        community=street.other_community,
        compound=None,
        building_number="",
        title=f"{SECRET}事项",
        description=f"{SECRET}，需排水。",
        units=[street.water, street.metro],
    )
    return {"a": a, "b": b}


def body(response) -> str:
    content = (
        b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    )
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8", "replace")
    return content.decode("utf-8", "replace")


def total(response) -> int:
    return int(re.search(r'class="total" data-total="(\d+)"', body(response)).group(1))


@pytest.mark.parametrize("role", SEES)
def test_each_role_sees_only_its_whistles_everywhere(client, street, two, role):
    client.force_login(street[role])
    seen = SEES[role]
    hidden = {key for key in two if key not in seen}

    listing = client.get(reverse("whistle_list"))
    assert listing.status_code == 200 and total(listing) == len(seen)
    partial = client.get(reverse("whistle_list"), {"q": SECRET}, HTTP_HX_REQUEST="true")
    assert total(partial) == (1 if "b" in seen else 0)
    for key, whistle in two.items():
        page = client.get(reverse("whistle_detail", args=[whistle.pk]))
        assert page.status_code == (200 if key in seen else 404)

    export = client.get(reverse("whistle_export"))
    if seen or role in ("bystander",):
        assert export.status_code == 200
        for key in seen:
            assert two[key].number in body(export)
    else:
        assert export.status_code == 403
    figures = client.get(reverse("whistle_figures"), {"start": "2024-01-01", "end": "2024-12-31"})
    assert figures.status_code == 200
    assert ("乙社区" in body(figures)) == ("b" in seen) and ("甲社区" in body(figures)) == ("a" in seen)
    new = client.get(reverse("whistle_new"))
    assert new.status_code == (200 if role in MAY_BLOW else 403)
    workbench = client.get(reverse("workbench"))

    responses = [listing, partial, export, figures, workbench]
    if "b" in hidden:
        responses.append(client.get(reverse("whistle_list"), {"community": street.other_community.pk}))
        responses.append(client.get(reverse("whistle_list"), {"unit": street.water.pk}))
        for response in responses:
            text = body(response)
            assert SECRET not in text and two["b"].number not in text


@pytest.mark.parametrize(
    "role, whistle, unit, action, status",
    [
        ("department", "b", "water", "check_in", 404),  # not in scope: does not exist
        ("community", "b", "water", "confirm", 404),
        ("auditor", "a", "housing", "check_in", 404),
        ("water", "a", "housing", "check_in", 404),
        ("leader", "a", "housing", "check_in", 403),  # in scope, read-only
        ("grid_worker", "a", "housing", "withdraw", 403),
        ("community", "a", "housing", "check_in", 403),  # the community does not check in for a unit
        ("property", "a", "housing", "check_in", 403),  # another summoned unit
        ("department", "a", "housing", "withdraw", 403),
    ],
)
def test_acting_outside_ones_rights_is_refused_and_changes_nothing(
    client, street, two, role, whistle, unit, action, status
):
    client.force_login(street[role])
    target = Summons.objects.get(whistle=two[whistle], unit=getattr(street, unit))
    events = WhistleEvent.objects.count()
    response = client.post(
        reverse("summons_act", args=[two[whistle].pk, target.pk, action]),
        {"version": target.version, "on_site": "1", "note": "x"},
    )
    assert response.status_code == status
    assert WhistleEvent.objects.count() == events
    assert Summons.objects.get(pk=target.pk).status == "summoned"
    if status == 404:
        assert SECRET not in body(response)


def test_whistle_level_actions_are_scoped_too(client, street, two):
    client.force_login(street["community"])
    response = client.post(reverse("whistle_act", args=[two["b"].pk, "cancel"]), {"version": 1, "note": "x"})
    assert response.status_code == 404
    client.force_login(street["leader"])
    response = client.post(reverse("whistle_act", args=[two["a"].pk, "cancel"]), {"version": 1, "note": "x"})
    assert response.status_code == 403
    assert Whistle.objects.filter(status="cancelled").count() == 0


def test_the_walk_over_http_with_htmx(client, street, two):
    whistle = two["a"]
    housing = Summons.objects.get(whistle=whistle, unit=street.housing)
    project = Summons.objects.get(whistle=whistle, unit=street.project)
    url = lambda summons, action: reverse("summons_act", args=[whistle.pk, summons.pk, action])  # noqa: E731

    client.force_login(street["department"])
    page = client.get(reverse("whistle_detail", args=[whistle.pk]))
    assert f'id="form-{housing.pk}-check_in"' in body(page)
    assert f'id="form-{project.pk}-check_in"' not in body(page)  # not the department's to check in
    response = client.post(url(housing, "check_in"), {"version": 1, "on_site": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "已报到。" in body(response) and "<html" not in body(response)
    client.post(url(housing, "report"), {"version": 2, "measures": "屋面修补", "result": "已修复"})

    client.force_login(street["property"])
    client.post(url(project, "check_in"), {"version": 1, "on_site": "0", "person": "物业张经理"})
    client.post(url(project, "report"), {"version": 2, "measures": "清理天沟", "result": "已清理"})

    client.force_login(street["community"])
    response = client.post(url(housing, "confirm"), {"version": 3}, follow=True)
    assert "已确认该单位的处置结果。" in body(response)
    client.post(url(project, "confirm"), {"version": 3})
    assert Whistle.objects.get(pk=whistle.pk).status == "solved"
    response = client.post(
        url(housing, "rate_unit"),
        {"version": 4, "on_time": "5", "effective": "4", "satisfied": "5"},
        HTTP_HX_REQUEST="true",
    )
    assert "已评价该单位" in body(response)
    assert Summons.objects.get(pk=housing.pk).rating_effective == 4


def test_bad_input_over_http_is_a_clear_message_and_changes_nothing(client, street, two):
    whistle = two["a"]
    housing = Summons.objects.get(whistle=whistle, unit=street.housing)
    events = WhistleEvent.objects.count()
    client.force_login(street["department"])
    missing = client.post(reverse("summons_act", args=[whistle.pk, housing.pk, "check_in"]), {"version": 1})
    assert missing.status_code == 400 and "请检查填写的内容" in body(missing)
    stale = client.post(
        reverse("summons_act", args=[whistle.pk, housing.pk, "check_in"]), {"version": 9, "on_site": "1"}
    )
    assert stale.status_code == 409 and "该吹哨已被他人修改" in body(stale)
    unknown = client.post(reverse("summons_act", args=[whistle.pk, housing.pk, "explode"]), {"version": 1})
    assert unknown.status_code == 404
    client.force_login(street["community"])
    blown = Whistle.objects.count()
    empty = client.post(
        reverse("whistle_new"), {"community": street.community.pk, "title": "漏雨", "urgency": "normal"}
    )
    assert empty.status_code == 400 and "请检查填写的内容" in body(empty)
    no_order = client.post(
        reverse("whistle_new"),
        {
            "community": street.community.pk,
            "title": "漏雨",
            "description": "顶层漏雨",
            "urgency": "normal",
            "units": [street.housing.pk],
            "orders": "NO-SUCH-ORDER",
        },
    )
    assert no_order.status_code == 400 and "找不到工单「NO-SUCH-ORDER」" in body(no_order)
    assert (Whistle.objects.count(), WhistleEvent.objects.count()) == (blown, events)


def test_a_community_worker_blows_from_the_form_with_an_order(client, street):
    order = WorkOrderFactory(community=street.community, compound=street.compound, title="楼顶漏雨")
    client.force_login(street["community"])
    form = client.get(reverse("whistle_new"), {"order": order.pk})
    assert order.number in body(form) and "楼顶漏雨" in body(form)
    response = client.post(
        reverse("whistle_new"),
        {
            "community": street.community.pk,
            "title": "楼顶漏雨",
            "description": "13号楼顶层漏雨",
            "urgency": "critical",
            "compound": street.compound.pk,
            "building_number": "13号楼",
            "units": [street.section.pk, street.housing.pk],
            "orders": order.number,
        },
        follow=True,
    )
    whistle = Whistle.objects.get()
    assert response.redirect_chain[-1][0] == reverse("whistle_detail", args=[whistle.pk])
    assert "已吹哨，2 个单位须在" in body(response)
    assert whistle.building.number == "13" and whistle.check_in_hours == 2
    assert order.number in body(response)


@pytest.mark.parametrize("role", ["dispatcher", "leader", "community", "department", "property", "water"])
def test_workbench_tiles_equal_the_lists_they_open(client, street, two, role):
    # give the lists something in each state: one unit checked in, one result waiting, one overdue
    housing = Summons.objects.get(whistle=two["a"], unit=street.housing)
    services.summons_check_in(summons_id=housing.pk, actor=street["department"], on_site=True)
    services.summons_report(summons_id=housing.pk, actor=street["department"], measures="修", result="好")
    client.force_login(street[role])
    page = body(client.get(reverse("workbench")))
    tiles = re.findall(r'<a class="tile[^"]*" href="([^"]*/whistles/[^"]*)" data-count="(\d+)"', page)
    assert tiles, "no whistle tiles on the workbench"
    for url, count in tiles:
        assert total(client.get(url.replace("&amp;", "&"))) == int(count), url
    if role == "community":
        assert ("/whistles/?queue=to_confirm", "1") in tiles
    if role == "department":
        assert ("/whistles/?queue=to_check_in&amp;mine=1", "0") in tiles


def test_the_order_page_loads_the_whistles_linked_to_it(client, street):
    order = WorkOrderFactory(community=street.community)
    order_services.workorder_dispatch(order_id=order.pk, actor=street["dispatcher"], lead_unit=street.housing)
    whistle = blow(street, links=[order])
    foreign = blow(
        street,
        actor=street["other_community"],
        community=street.other_community,
        compound=None,
        building_number="",
        units=[street.water],
        title=SECRET,
    )
    panel_url = reverse("whistle_order_panel", args=[order.pk])
    client.force_login(street["community"])
    assert panel_url in body(client.get(reverse("order_detail", args=[order.pk])))  # loaded by htmx
    panel = body(client.get(panel_url))
    assert whistle.number in panel and "就此吹哨" in panel
    client.force_login(street["department"])
    panel = body(client.get(panel_url))
    assert whistle.number in panel and "就此吹哨" not in panel
    client.force_login(street["bystander"])  # does not see the order
    assert client.get(panel_url).status_code == 404
    client.force_login(street["dispatcher"])
    services.whistle_link(whistle_id=foreign.pk, actor=street["dispatcher"], objects=[order])
    client.force_login(street["community"])  # a whistle outside the viewer's scope stays out
    assert SECRET not in body(client.get(panel_url))


def test_photos_are_served_only_to_who_sees_the_whistle(client, street, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    whistle = blow(street, photos=[jpeg()], units=[street.housing])
    photo = photos_of(whistle)[0]
    url = reverse("photo", args=[photo.pk])
    client.force_login(street["department"])
    response = client.get(url)
    assert response.status_code == 200 and b"Secret Phone Model" not in b"".join(response.streaming_content)
    client.force_login(street["water"])
    assert client.get(url).status_code == 404
    assert photo.role == "现场"


def test_photos_come_through_the_forms_and_a_bad_one_is_refused(client, street, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(street["community"])
    data = {
        "community": street.community.pk,
        "title": "漏雨",
        "description": "顶层漏雨",
        "urgency": "normal",
        "units": [street.housing.pk],
    }
    bad = client.post(
        reverse("whistle_new"), data | {"photos": [jpeg(), SimpleUploadedFile("x.jpg", b"nope")]}
    )
    assert bad.status_code == 400 and "无法识别该照片" in body(bad)
    assert not Whistle.objects.exists() and not any(tmp_path.rglob("*.*"))
    client.post(reverse("whistle_new"), data | {"photos": [jpeg(), jpeg((1, 1, 1))]})
    whistle = Whistle.objects.get()
    assert len(photos_of(whistle)) == 2
    summons = whistle.summonses.get()
    client.force_login(street["department"])
    url = lambda action: reverse("summons_act", args=[whistle.pk, summons.pk, action])  # noqa: E731
    client.post(url("check_in"), {"version": 1, "on_site": "1"})
    client.post(url("report"), {"version": 2, "measures": "修", "result": "好", "photos": [jpeg()]})
    assert len(photos_of(Summons.objects.get(pk=summons.pk))) == 1
