"""Login, workbench, order list and the intake form, as each role sees them."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jiesu.workorders import services
from jiesu.workorders.models import EventKind, WorkOrder
from jiesu.workorders.states import Status
from tests.factories import BuildingFactory, CategoryFactory, CompoundFactory, WorkOrderFactory


def tile(body: str, label: str) -> int:
    match = re.search(rf'<span class="count">(\d+)</span><span class="label">{label}</span>', body)
    assert match, f"no tile {label}"
    return int(match.group(1))


def test_pages_need_a_login(client):
    for url in (reverse("workbench"), reverse("order_list"), reverse("order_new")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_login_and_logout(client, dispatcher):
    page = client.get(reverse("login"))
    assert "登录" in page.content.decode()
    wrong = client.post(reverse("login"), {"username": "dispatcher", "password": "nope"})
    assert "用户名或密码不正确" in wrong.content.decode()
    right = client.post(reverse("login"), {"username": "dispatcher", "password": "pw-123456"})
    assert right.status_code == 302 and right["Location"] == reverse("workbench")
    assert client.get(reverse("workbench")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("workbench")).status_code == 302


def test_the_dispatchers_workbench_counts_and_queues(street, login):
    WorkOrderFactory(number="WAIT01", title="等待派单的工单")
    WorkOrderFactory(number="WAIT02", flags=["unresolved_place"])
    body = login(street.dispatcher).get(reverse("workbench")).content.decode()
    assert tile(body, "待派单") == 2
    assert tile(body, "需人工核实") == 1
    assert tile(body, "已超期") == 0
    assert "等待派单的工单" in body and "WAIT02" in body


def test_a_units_workbench_shows_its_own_queue(street, login):
    body = login(street.a.property_user).get(reverse("workbench")).content.decode()
    assert tile(body, "待签收") == 1
    assert tile(body, "办理中") == 0
    assert street.a.order.number in body and street.b.order.number not in body


def test_the_leaders_workbench_has_counts_and_the_overdue_list_only(street, login):
    late = street.a.dept_order
    WorkOrder.objects.filter(pk=late.pk).update(resolve_due=timezone.now() - timedelta(days=2))
    body = login(street.leader).get(reverse("workbench")).content.decode()
    assert tile(body, "已超期") == 1 and tile(body, "待签收") == 4
    assert late.number in body
    assert street.a.order.number not in body  # not overdue: queues other than 已超期 are not shown
    assert body.count('class="card queue"') == 1


def test_the_list_filters_by_status_community_and_overdue(street, login):
    client = login(street.dispatcher)
    services.workorder_accept(order_id=street.a.order.pk, actor=street.a.property_user)

    accepted = client.get(reverse("order_list"), {"status": Status.ACCEPTED}).content.decode()
    assert street.a.order.number in accepted and street.b.order.number not in accepted

    community_b = client.get(
        reverse("order_list"), {"community": street.b.order.community_id}
    ).content.decode()
    assert street.b.order.number in community_b and street.b.dept_order.number in community_b
    assert street.a.order.number not in community_b

    WorkOrder.objects.filter(pk=street.b.dept_order.pk).update(
        resolve_due=timezone.now() - timedelta(hours=1)
    )
    overdue = client.get(reverse("order_list"), {"overdue": "1"}).content.decode()
    assert street.b.dept_order.number in overdue and street.a.order.number not in overdue


def test_the_list_filters_by_top_level_category(street, login):
    top = CategoryFactory(name="城乡建设")
    leaf = CategoryFactory(name="物业服务", parent=top)
    WorkOrder.objects.filter(pk=street.a.order.pk).update(category=leaf)
    body = login(street.dispatcher).get(reverse("order_list"), {"category": top.pk}).content.decode()
    assert street.a.order.number in body and street.b.order.number not in body
    assert "城乡建设 › 物业服务" in body


def test_the_list_searches_text_and_offers_the_export_with_the_same_query(street, login):
    client = login(street.dispatcher)
    response = client.get(reverse("order_list"), {"q": "地库漏水", "status": "dispatched"})
    body = response.content.decode()
    assert street.b.order.number in body and street.a.order.number not in body
    assert "导出Excel" in body
    assert "status=dispatched" in body.split("导出Excel")[0].rsplit("href=", 1)[1]


def test_the_list_htmx_request_gets_the_results_partial(street, login):
    response = login(street.dispatcher).get(
        reverse("order_list"), {"q": street.a.order.number}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"') and "<html" not in body
    assert street.a.order.number in body


def test_the_list_pages_by_fifty(db, login, dispatcher):
    for n in range(55):
        WorkOrderFactory(number=f"PG{n:04d}", received_at=timezone.now() - timedelta(minutes=n))
    client = login(dispatcher)
    first = client.get(reverse("order_list")).content.decode()
    second = client.get(reverse("order_list"), {"page": 2}).content.decode()
    assert "共 55 件" in first and "第 1 / 2 页" in first
    assert "PG0000" in first and "PG0049" in first and "PG0050" not in first
    assert "PG0050" in second and "PG0054" in second and "PG0000" not in second
    assert "page=2" in first


def test_the_intake_form_is_for_the_centre_only(street, login, client):
    login(street.a.property_user)
    assert client.get(reverse("order_new")).status_code == 403
    assert client.post(reverse("order_new"), {"content": "x"}).status_code == 403
    login(street.leader)
    assert client.get(reverse("order_new")).status_code == 403
    assert not WorkOrder.objects.filter(content="x").exists()


def test_the_intake_form_registers_an_order_and_resolves_the_typed_address(street, login, client):
    compound = CompoundFactory(name="阳光花园", community=street.a.community_unit.community)
    building = BuildingFactory(compound=compound, number="3")
    category = CategoryFactory(name="市容环境")
    login(street.dispatcher)
    assert client.get(reverse("order_new")).status_code == 200

    response = client.post(
        reverse("order_new"),
        {
            "channel": "walk_in",
            "received_at": "2025-03-03T09:30",
            "appeal_type": "complaint",
            "category": category.pk,
            "urgency": "normal",
            "content": "楼下垃圾无人清运",
            "address_text": "阳光花园3号楼",
            "citizen_name": "李四",
            "citizen_phone": "13900001111",
        },
    )

    order = WorkOrder.objects.get(content="楼下垃圾无人清运")
    assert response.status_code == 302 and response["Location"] == reverse("order_detail", args=[order.pk])
    assert (order.compound, order.building, order.community) == (compound, building, compound.community)
    assert order.channel == "walk_in" and order.category == category and order.flags == []
    assert timezone.localtime(order.received_at).strftime("%Y-%m-%d %H:%M") == "2025-03-03 09:30"
    assert order.events.get().kind == EventKind.CREATED
    page = client.get(response["Location"]).content.decode()
    assert f"已登记工单 {order.number}" in page


def test_the_intake_form_flags_an_address_it_cannot_place(street, login):
    client = login(street.dispatcher)
    client.post(
        reverse("order_new"),
        {
            "channel": "phone",
            "received_at": "2025-03-03T09:30",
            "appeal_type": "help",
            "urgency": "normal",
            "content": "不知道在哪里的问题",
            "address_text": "火星基地",
        },
    )
    assert WorkOrder.objects.get(content="不知道在哪里的问题").flags == ["unresolved_place"]


def test_the_intake_form_rejects_missing_content(street, login):
    response = login(street.dispatcher).post(
        reverse("order_new"),
        {
            "channel": "phone",
            "received_at": "2025-03-03T09:30",
            "appeal_type": "help",
            "urgency": "normal",
            "content": "",
        },
    )
    assert response.status_code == 400 and "请检查填写的内容" in response.content.decode()
    assert not WorkOrder.objects.filter(number__startswith="DH").exists()


@pytest.mark.parametrize("picked", [True, False])
def test_picking_a_compound_loads_its_buildings(street, login, picked):
    compound = street.a.order.compound
    query = {"compound": compound.pk} if picked else {}
    body = login(street.dispatcher).get(reverse("order_buildings"), query).content.decode()
    assert body.startswith('<option value="">')
    assert ("1号楼" in body) is picked


def test_an_order_picked_with_compound_and_building_from_the_form(street, login):
    compound = street.a.order.compound
    building = compound.buildings.get()
    client = login(street.dispatcher)
    page = client.get(reverse("order_new")).content.decode()
    assert f'hx-get="{reverse("order_buildings")}"' in page
    response = client.post(
        reverse("order_new"),
        {
            "channel": "phone",
            "received_at": "2025-03-03T09:30",
            "appeal_type": "help",
            "urgency": "normal",
            "content": "电梯坏了",
            "compound": compound.pk,
            "building": building.pk,
        },
    )
    assert response.status_code == 302
    order = WorkOrder.objects.get(content="电梯坏了")
    assert (order.compound, order.building) == (compound, building)


def test_a_community_workbench_counts_only_what_its_unit_leads(street, login):
    # both side-A orders are placed in the community, but the community's unit leads neither
    body = login(street.a.community_user).get(reverse("workbench")).content.decode()
    assert tile(body, "待签收") == 0
    assert tile(body, "协办中") == 0
    assert street.b.dept_order.number not in body and street.b.order.number not in body


def test_a_department_workbench_separates_led_and_co_handled_orders(street, login):
    # the department leads dept_order and co-handles the property project's order
    body = login(street.a.department_user).get(reverse("workbench")).content.decode()
    assert tile(body, "待签收") == 1
    assert tile(body, "协办中") == 1
    assert street.a.dept_order.number in body and street.a.order.number in body
    assert street.b.dept_order.number not in body and street.b.order.number not in body


def test_the_list_narrows_to_a_units_own_and_co_handled_orders(street, login):
    client = login(street.a.department_user)
    mine = client.get(reverse("order_list"), {"mine": "1"}).content.decode()
    co_handled = client.get(reverse("order_list"), {"co_handling": "1"}).content.decode()
    assert street.a.dept_order.number in mine and street.a.order.number not in mine
    assert street.a.order.number in co_handled and street.a.dept_order.number not in co_handled
