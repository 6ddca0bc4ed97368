"""Every page, list, export and action of 点位台账 over HTTP, per role: who sees what, who may act.

甲社区's register (阳光家园, managed by the property project) and 乙社区's (with text found nowhere
else). What lies outside a viewer's scope is a 404 (or the whole section a 403) and its text is in
no page, partial or export they get.
"""

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiesu.registers import services
from jiesu.registers.models import Point
from jiesu.workorders.hooks import order_panels
from tests.factories import WorkOrderFactory
from tests.registers.conftest import leak_register, point

pytestmark = pytest.mark.django_db
SECRET = "乙方地库返水"

SEES = {
    "dispatcher": {"a", "b"},
    "centre_admin": {"a", "b"},
    "leader": {"a", "b"},
    "community": {"a"},
    "cadre": {"a"},
    "grid_worker": {"a"},
    "property": {"a"},
    "other_community": {"b"},
    "other_property": {"b"},
    "department": set(),
    "evaluator": set(),
    "station_staff": set(),
    "security_admin": set(),
    "auditor": set(),
}


@pytest.fixture
def two(street):
    a_register = leak_register(street)
    a = point(street, a_register)
    services.point_assign(point_id=a.pk, actor=street["community"], cadre=street["cadre"])
    b_register = leak_register(street, other=True)
    b = point(
        street, b_register, building="1", actor=street["other_community"], description=f"{SECRET}，顶层漏雨"
    )
    campaign_a = services.campaign_plan(
        actor=street["dispatcher"], name="甲汛期", topic=street.topic, starts_on=date(2024, 6, 1),
        ends_on=date(2024, 9, 30), compounds=[street.compound],
    )  # fmt: skip
    campaign_b = services.campaign_plan(
        actor=street["dispatcher"], name=f"{SECRET}专项", topic=street.topic, starts_on=date(2024, 6, 1),
        ends_on=date(2024, 9, 30), compounds=[street.other_compound],
    )  # fmt: skip
    yesterday = timezone.localdate() - timedelta(days=1)
    task_a = services.campaign_task_add(
        actor=street["dispatcher"], campaign=campaign_a, title="雨水管道清掏", compound=street.compound,
        owner=street["property"], due_on=yesterday,
    )  # fmt: skip
    task_b = services.campaign_task_add(
        actor=street["dispatcher"], campaign=campaign_b, title=f"{SECRET}清掏", compound=street.other_compound,
        owner=street["other_property"], due_on=yesterday,
    )  # fmt: skip
    return {
        "a": a, "b": b, "ra": a_register, "rb": b_register, "ca": campaign_a, "cb": campaign_b,
        "ta": task_a, "tb": task_b,
    }  # fmt: skip


def xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return "".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xml"))


@pytest.mark.parametrize("role", sorted(SEES))
def test_pages_lists_and_exports_follow_the_scope(client, street, two, role):
    client.force_login(street[role])
    seen = SEES[role]
    for key, url in (
        ("a", reverse("register_detail", args=[two["ra"].pk])),
        ("b", reverse("register_detail", args=[two["rb"].pk])),
        ("a", reverse("point_detail", args=[two["a"].pk])),
        ("b", reverse("point_detail", args=[two["b"].pk])),
        ("a", reverse("campaign_detail", args=[two["ca"].pk])),
        ("b", reverse("campaign_detail", args=[two["cb"].pk])),
    ):
        response = client.get(url)
        assert response.status_code == (200 if key in seen else 404), url
        if key != "b":
            assert SECRET not in response.content.decode()
    for name, marker in (
        ("register_index", "乙家园"),
        ("point_list", SECRET),
        ("campaign_list", SECRET),
        ("task_list", SECRET),
    ):
        response = client.get(reverse(name))
        if not seen:
            assert response.status_code == 403, name
            continue
        body = response.content.decode()
        assert response.status_code == 200 and (marker in body) == ("b" in seen), name
    for name in ("point_export", "task_export"):
        response = client.get(reverse(name))
        if not seen:
            assert response.status_code == 403
            continue
        assert response.status_code == 200 and (SECRET in xlsx_text(response.content)) == ("b" in seen)


ACTORS = {  # role -> may it record the response on 甲's assigned point?
    "community": True,
    "cadre": True,
    "property": True,
    "dispatcher": True,
    "grid_worker": False,
    "leader": False,
    "other_community": False,
    "other_property": False,
    "department": False,
}


@pytest.mark.parametrize("role", sorted(ACTORS))
def test_who_may_act_over_http(client, street, two, role):
    client.force_login(street[role])
    url = reverse("point_act", args=[two["a"].pk, "respond"])
    response = client.post(url, {"version": two["a"].version + 1, "note": "已入户"})
    status = Point.objects.get(pk=two["a"].pk).status
    if ACTORS[role]:
        assert response.status_code == 302 and status == "responded"
    else:
        assert response.status_code in (403, 404) and status == "assigned"
        assert two["a"].events.count() == 2


def test_bad_input_over_http_is_a_clear_error_that_changes_nothing(client, street, two):
    client.force_login(street["community"])
    response = client.post(
        reverse("point_add", args=[two["ra"].pk]), {"building": "99", "description": "漏", "source": "visit"}
    )
    assert response.status_code == 400 and "没有 99 号楼" in response.content.decode()
    response = client.post(reverse("point_act", args=[two["a"].pk, "repair"]), {"version": "", "note": ""})
    assert response.status_code == 400  # assigned cannot be repaired before the response
    response = client.post(reverse("point_act", args=[two["a"].pk, "nonsense"]), {})
    assert response.status_code == 404
    assert Point.objects.filter(register=two["ra"]).count() == 1
    assert Point.objects.get(pk=two["a"].pk).status == "assigned"


def test_the_whole_loop_from_the_pages(client, street, two):
    client.force_login(street["community"])
    p = two["a"]
    for action, data in (
        ("respond", {"note": "已联系"}),
        ("repair", {"note": "屋面修补"}),
        ("revisit", {"solved": "1", "note": "不漏了"}),
    ):
        response = client.post(reverse("point_act", args=[p.pk, action]), data)
        assert response.status_code == 302, action
    page = client.get(reverse("point_detail", args=[p.pk])).content.decode()
    assert "已回访" in page and "上门维修" in page


def test_a_point_from_the_order_page_panel(client, street, rf):
    order = WorkOrderFactory(
        community=street.community, compound=street.compound, category=street.leak,
        building=street.compound.buildings.get(number="16"), title="16号楼漏雨",
    )  # fmt: skip
    client.force_login(street["community"])
    panel = client.get(reverse("register_order_panel", args=[order.pk])).content.decode()
    assert "建为点位" in panel
    response = client.post(reverse("register_order_point", args=[order.pk]))
    assert response.status_code == 302
    point = Point.objects.get(orders=order)
    assert point.building.number == "16" and point.source == "order"
    assert "16号楼" in client.get(reverse("register_order_panel", args=[order.pk])).content.decode()
    # others get nothing: no panel at all for who sees no register; a 404 for an order out of scope
    client.force_login(street["department"])
    request = rf.get("/")
    request.user = street["department"]
    with order_panels.only("registers"):
        assert [panel(request, order) for panel in order_panels.items()] == [None]
    client.force_login(street["other_community"])
    assert client.get(reverse("register_order_panel", args=[order.pk])).status_code == 404
    assert client.post(reverse("register_order_point", args=[order.pk])).status_code == 404


def test_the_order_panel_placeholder_costs_no_query(street, rf, django_assert_num_queries):
    order = WorkOrderFactory(community=street.community, compound=street.compound)
    user = street["community"]
    user.unit  # noqa: B018 - the order page has loaded the user's unit already
    request = rf.get("/")
    request.user = user
    with order_panels.only("registers"), django_assert_num_queries(0):
        html = [panel(request, order) for panel in order_panels.items()]
    assert "hx-get" in html[0]


def test_proposals_from_the_recurring_point_detector(client, street):
    register = leak_register(street)
    building = street.compound.buildings.get(number="13")
    today = timezone.localdate()
    for months_back in (2, 5, 8, 11):
        WorkOrderFactory(
            community=street.community, compound=street.compound, building=building, category=street.leak,
            received_at=timezone.now() - timedelta(days=30 * months_back),
        )  # fmt: skip
    client.force_login(street["community"])
    body = client.get(reverse("register_proposals", args=[register.pk])).content.decode()
    assert "13号楼" in body and "登记为点位" in body
    point(street, register, building="13")
    body = client.get(reverse("register_proposals", args=[register.pk])).content.decode()
    assert "13号楼" not in body
    assert today  # the detector works on the last 24 months up to today


def test_planning_a_campaign_and_moving_a_task_over_http(client, street):
    data = {
        "name": "2025 汛期防漏雨",
        "topic": street.topic.pk,
        "starts_on": "2025-06-01",
        "ends_on": "2025-09-30",
        "compounds": [street.compound.pk],
    }
    client.force_login(street["community"])
    assert client.get(reverse("campaign_new")).status_code == 403
    assert client.post(reverse("campaign_new"), data).status_code == 403
    client.force_login(street["dispatcher"])
    assert client.post(reverse("campaign_new"), data | {"ends_on": "2025-05-01"}).status_code == 400
    response = client.post(reverse("campaign_new"), data)
    assert response.status_code == 302
    campaign = street.topic.campaigns.get()
    task = {
        "title": "屋面检查",
        "compound": street.compound.pk,
        "owner": street["cadre"].pk,
        "due_on": "2025-05-31",
    }
    assert client.post(reverse("campaign_task_add", args=[campaign.pk]), task).status_code == 302
    task_obj = campaign.tasks.get()
    client.force_login(street["other_community"])
    assert client.post(reverse("task_act", args=[task_obj.pk, "start"])).status_code == 404
    client.force_login(street["cadre"])
    assert client.post(reverse("task_act", args=[task_obj.pk, "finish"]), {"note": ""}).status_code == 400
    assert client.post(reverse("task_act", args=[task_obj.pk, "finish"]), {"note": "完成"}).status_code == 302
    task_obj.refresh_from_db()
    assert task_obj.status == "done" and task_obj.events.count() == 2


def test_the_admin_keeps_the_master_data(client, street, two):
    client.force_login(street["centre_admin"])
    for name in ("topic", "campaign", "register", "point", "campaigntask"):
        assert client.get(reverse(f"admin:registers_{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:registers_topic_change", args=[street.topic.pk])).status_code == 200
    client.force_login(street["dispatcher"])
    assert client.get(reverse("admin:registers_topic_changelist")).status_code in (302, 403)


@pytest.mark.parametrize("role", ["community", "property", "leader", "department"])
def test_the_workbench_shows_the_register_tiles(client, street, two, role):
    client.force_login(street[role])
    body = client.get(reverse("workbench")).content.decode()
    assert ("逾期专项任务" in body) == (role != "department")


@pytest.mark.parametrize("role", ["community", "department"])
def test_the_order_page_and_the_menu_offer_registers_only_to_who_sees_them(client, street, role):
    order = WorkOrderFactory(
        community=street.community, compound=street.compound, lead_unit=street["department"].unit
    )
    client.force_login(street[role])
    page = client.get(reverse("order_detail", args=[order.pk])).content.decode()
    shown = role == "community"
    assert ('id="registers-panel"' in page) == shown
    assert (f'href="{reverse("register_index")}"' in page) == shown


def test_the_point_list_filters_and_searches(client, street, two):
    point(
        street, two["ra"], building="16", description="地下室渗水", source="grid", actor=street["grid_worker"]
    )
    client.force_login(street["dispatcher"])

    def total(**query) -> int:
        body = client.get(reverse("point_list"), query).content.decode()
        return int(re.search(r'data-total="(\d+)"', body).group(1))

    assert total() == 3
    assert total(q="地下室") == 1 and total(q="16号楼") == 1 and total(q="阳光家园") == 2
    assert total(compound=street.compound.pk) == 2 and total(community=street.other_community.pk) == 1
    assert total(status="assigned") == 1 and total(source="grid") == 1 and total(queue="to_assign") == 2
    response = client.get(reverse("point_list"), {"status": "nonsense"})
    assert response.status_code == 400 and "筛选条件「状态」无效" in response.content.decode()
    rows = xlsx_text(client.get(reverse("point_export"), {"source": "grid"}).content)
    assert "地下室渗水" in rows and SECRET not in rows


def test_proposals_read_only_the_registers_compound(client, street):
    # recurring leaks at both compounds; the centre sees both, the register is 阳光家园's
    register = leak_register(street)
    for compound, building in ((street.compound, "13"), (street.other_compound, "1")):
        for months_back in (2, 5, 8, 11):
            WorkOrderFactory(
                community=compound.community, compound=compound, building=compound.buildings.get(number=building),
                category=street.leak, received_at=timezone.now() - timedelta(days=30 * months_back),
            )  # fmt: skip
    client.force_login(street["dispatcher"])
    with CaptureQueriesContext(connection) as captured:
        body = client.get(reverse("register_proposals", args=[register.pk])).content.decode()
    assert "13号楼" in body and "乙家园" not in body
    detector = [q["sql"] for q in captured if "GROUP BY" in q["sql"] and "received_at" in q["sql"]]
    assert len(detector) == 1 and f'"compound_id" = {street.compound.pk}' in detector[0]
