"""Lifecycle actions through HTTP: one form, one service, one event — and clear refusals."""

import pytest
from django.urls import reverse

from jiesu.workorders import services
from jiesu.workorders.models import EventKind, ExtensionRequest, WorkOrder, WorkOrderEvent
from jiesu.workorders.states import Status
from tests.factories import WorkOrderFactory


def act(client, order, action, htmx=False, **data):
    order.refresh_from_db()
    data.setdefault("expected_version", order.version)
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("order_act", args=[order.pk, action]), data, **extra)


def kinds(order) -> list[str]:
    return list(order.events.values_list("kind", flat=True))


@pytest.fixture
def new_order(street):
    return WorkOrderFactory(number="NEW0001", content="新登记的诉求", community=street.a.order.community)


def test_an_order_goes_from_dispatch_to_close_over_http(street, login, client, new_order):
    project, worker = street.a.project, street.a.property_user

    login(street.dispatcher)
    response = act(client, new_order, "dispatch", lead_unit=project.pk, co_handlers=[street.a.department.pk])
    assert response.status_code == 302 and response["Location"] == reverse(
        "order_detail", args=[new_order.pk]
    )
    new_order.refresh_from_db()
    assert new_order.status == Status.DISPATCHED and new_order.lead_unit == project
    assert list(new_order.co_handlers.all()) == [street.a.department]

    login(worker)
    assert act(client, new_order, "accept").status_code == 302
    assert act(client, new_order, "resolve", result="已更换灯泡").status_code == 302
    new_order.refresh_from_db()
    assert new_order.status == Status.RESOLVED and new_order.result == "已更换灯泡"

    login(street.dispatcher)
    response = act(client, new_order, "return_visit", contacted="1", resolved="1", satisfaction="satisfied")
    assert response.status_code == 302
    assert act(client, new_order, "close", note="回访满意").status_code == 302

    new_order.refresh_from_db()
    assert new_order.status == Status.CLOSED
    assert new_order.visit_contacted is True and new_order.visit_satisfaction == "satisfied"
    assert kinds(new_order) == [
        EventKind.DISPATCHED,
        EventKind.ACCEPTED,
        EventKind.RESOLVED,
        EventKind.VISITED,
        EventKind.CLOSED,
    ]
    page = client.get(reverse("order_detail", args=[new_order.pk])).content.decode()
    for label in ("派单", "签收", "办结", "回访", "关闭", "已更换灯泡"):
        assert label in page


def test_the_unit_returns_an_order_with_a_reason_and_it_leaves_their_view(street, login, client):
    order = street.a.dept_order
    login(street.a.department_user)

    response = act(client, order, "return", note="不属于本部门职责")

    assert response.status_code == 302 and response["Location"] == reverse("workbench")
    order.refresh_from_db()
    assert order.status == Status.RETURNED and order.lead_unit is None
    event = order.events.last()
    assert event.kind == EventKind.RETURNED and event.note == "不属于本部门职责"
    assert client.get(reverse("order_detail", args=[order.pk])).status_code == 404


def test_returning_without_a_reason_is_refused_with_the_form_errors(street, login, client):
    order = street.a.dept_order
    login(street.a.department_user)
    before = kinds(order)

    response = act(client, order, "return", note="")

    assert response.status_code == 400
    assert "请检查填写的内容" in response.content.decode()
    assert kinds(order) == before


def test_a_forbidden_action_is_403_and_writes_nothing(street, login, client):
    order = street.a.order
    login(street.a.property_user)
    before = WorkOrderEvent.objects.count()

    response = act(client, order, "reassign", lead_unit=street.a.department.pk, note="换人")

    assert response.status_code == 403
    assert "无权" in response.content.decode()
    assert WorkOrderEvent.objects.count() == before


def test_an_action_not_allowed_in_the_status_is_409(street, login, client):
    order = street.a.order  # dispatched, not accepted yet
    login(street.a.property_user)

    response = act(client, order, "resolve", result="办好了")

    assert response.status_code == 409
    assert "不能执行「办结」" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Status.DISPATCHED


def test_an_unknown_action_is_404(street, login, client):
    login(street.dispatcher)
    assert act(client, street.a.order, "explode").status_code == 404


def test_a_stale_version_is_refused_with_a_clear_message(street, login, client):
    order = street.a.order
    login(street.a.property_user)
    stale = order.version
    services.workorder_add_note(order_id=order.pk, actor=street.dispatcher, note="先到一步")
    before = kinds(order)

    response = act(client, order, "accept", expected_version=stale)

    assert response.status_code == 409
    assert "该工单已被他人修改，请刷新后重试。" in response.content.decode()
    assert kinds(order) == before


def test_a_stale_version_over_htmx_swaps_in_the_message(street, login, client):
    order = street.a.order
    login(street.dispatcher)
    stale = order.version
    services.workorder_accept(order_id=order.pk, actor=street.a.property_user)

    response = act(client, order, "urge", htmx=True, expected_version=stale)

    assert response.status_code == 200
    body = response.content.decode()
    assert "该工单已被他人修改，请刷新后重试。" in body and "<html" not in body
    assert EventKind.URGED not in kinds(order)


def test_an_htmx_action_returns_the_refreshed_order_partial(street, login, client):
    order = street.a.order
    login(street.a.property_user)

    response = act(client, order, "accept", htmx=True)

    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="order"') and "<html" not in body
    assert "已签收" in body and "办理中" in body
    assert 'id="form-resolve"' in body  # the next step is offered


def test_an_htmx_action_that_takes_the_order_out_of_scope_redirects(street, login, client):
    order = street.a.dept_order
    login(street.a.department_user)
    response = act(client, order, "return", htmx=True, note="不归我们管")
    assert response.status_code == 200 and response["HX-Redirect"] == reverse("workbench")


def test_an_htmx_refusal_is_shown_not_raised(street, login, client):
    login(street.leader)
    response = act(client, street.a.order, "urge", htmx=True)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#notices"
    assert "无权" in response.content.decode()


def test_extension_request_then_approval(street, login, client):
    order = street.a.order
    services.workorder_accept(order_id=order.pk, actor=street.a.property_user)
    login(street.a.property_user)
    assert act(client, order, "request_extension", working_days="3", note="材料未到").status_code == 302

    login(street.dispatcher)
    page = client.get(reverse("order_detail", args=[order.pk])).content.decode()
    assert 'id="form-approve_extension"' in page and "材料未到" in page
    old_due = WorkOrder.objects.get(pk=order.pk).resolve_due
    assert act(client, order, "approve_extension").status_code == 302
    order.refresh_from_db()
    assert order.resolve_due > old_due
    assert order.extensions.get().state == ExtensionRequest.State.APPROVED


def test_merge_by_number_of_the_master(street, login, client, new_order):
    login(street.dispatcher)
    response = act(client, new_order, "merge", master_number=street.a.order.number)
    assert response.status_code == 302
    new_order.refresh_from_db()
    assert new_order.status == Status.MERGED and new_order.master == street.a.order
    assert act(client, street.a.dept_order, "merge", master_number="NOPE").status_code == 400


def test_the_dispatcher_corrects_a_flagged_order(street, login, client):
    order = WorkOrderFactory(number="FLAG01", flags=["unresolved_place"])
    compound = street.a.order.compound
    login(street.dispatcher)
    page = client.get(reverse("order_detail", args=[order.pk])).content.decode()
    assert "需人工核实" in page and "地址未能定位" in page and 'id="form-correct"' in page

    response = client.post(
        reverse("order_correct", args=[order.pk]),
        {
            "expected_version": order.version,
            "compound": compound.pk,
            "appeal_type": "complaint",
            "urgency": "urgent",
        },
    )

    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.compound, order.community) == (compound, compound.community)
    assert order.flags == [] and order.urgency == "urgent"
    assert order.events.last().kind == EventKind.CORRECTED


def test_a_unit_user_cannot_correct(street, login, client):
    login(street.a.property_user)
    order = street.a.order
    response = client.post(
        reverse("order_correct", args=[order.pk]),
        {"expected_version": order.version, "appeal_type": "complaint", "urgency": "urgent"},
    )
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.urgency == "normal"


def test_the_leader_reads_but_cannot_act(street, login, client):
    login(street.leader)
    page = client.get(reverse("order_detail", args=[street.a.order.pk])).content.decode()
    assert "没有可执行的操作" in page
    assert '<details class="action' not in page and "/act/" not in page
    before = WorkOrderEvent.objects.count()
    for action in ("accept", "urge", "supervise", "note", "reassign"):
        assert (
            act(client, street.a.order, action, note="领导批示", lead_unit=street.a.department.pk).status_code
            == 403
        )
    assert WorkOrderEvent.objects.count() == before


def test_a_stale_correction_is_refused(street, login, client):
    order = street.a.order
    stale = order.version
    services.workorder_add_note(order_id=order.pk, actor=street.dispatcher, note="先到一步")
    login(street.dispatcher)
    response = client.post(
        reverse("order_correct", args=[order.pk]),
        {"expected_version": stale, "appeal_type": "complaint", "urgency": "urgent"},
    )
    assert response.status_code == 409
    assert "该工单已被他人修改，请刷新后重试。" in response.content.decode()
    assert EventKind.CORRECTED not in kinds(order)


def test_an_unsatisfied_visit_leads_to_redo(street, login, client, new_order):
    services.workorder_dispatch(order_id=new_order.pk, actor=street.dispatcher, lead_unit=street.a.project)
    services.workorder_accept(order_id=new_order.pk, actor=street.a.property_user)
    services.workorder_resolve(order_id=new_order.pk, actor=street.a.property_user, result="已修好")
    login(street.dispatcher)

    response = act(
        client, new_order, "return_visit", htmx=True, contacted="1", resolved="0", satisfaction="unsatisfied"
    )

    body = response.content.decode()
    assert "请填写重办要求" in body
    assert '<details class="action action-redo" open' in body
    assert '<details class="action action-close" open' not in body


def test_a_resolved_order_closes_without_a_visit_only_with_a_reason(street, login, client, new_order):
    services.workorder_dispatch(order_id=new_order.pk, actor=street.dispatcher, lead_unit=street.a.project)
    services.workorder_accept(order_id=new_order.pk, actor=street.a.property_user)
    services.workorder_resolve(order_id=new_order.pk, actor=street.a.property_user, result="已修好")
    login(street.dispatcher)

    refused = act(client, new_order, "close", htmx=True, note="")
    assert "请先回访" in refused.content.decode()
    new_order.refresh_from_db()
    assert new_order.status == Status.RESOLVED

    assert act(client, new_order, "close", note="三次无法联系").status_code == 302
    new_order.refresh_from_db()
    assert new_order.status == Status.CLOSED
    assert new_order.events.get(kind=EventKind.CLOSED).note == "三次无法联系"
