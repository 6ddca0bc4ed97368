"""The workbench queues: capped ones say so and link to the full list; returns say who and why;
the centre has a queue of extension requests to decide."""

from django.urls import reverse

from jiesu.workorders import services
from jiesu.workorders.selectors import workbench_queue_list
from tests.factories import WorkOrderFactory


def test_a_capped_queue_says_how_many_there_are_and_links_to_all(street, login):
    for n in range(23):
        WorkOrderFactory(number=f"WAIT{n:02d}")
    body = login(street.dispatcher).get(reverse("workbench")).content.decode()
    assert "仅显示前 20 件，共 23 件" in body
    assert f'href="{reverse("order_list")}?status=new">查看全部' in body
    queue = next(q for q in workbench_queue_list(user=street.dispatcher) if q.title == "待派单")
    assert (len(queue.orders), queue.total, queue.capped) == (20, 23, True)


def test_the_returned_queue_shows_who_returned_and_why(street, login):
    order = street.a.dept_order
    street.a.department_user.display_name = "李四"
    street.a.department_user.save()
    services.workorder_return(
        order_id=order.pk, actor=street.a.department_user, reason="该路段归区交通委管理"
    )
    body = login(street.dispatcher).get(reverse("workbench")).content.decode()
    assert "退单：甲部门 · 李四 — 该路段归区交通委管理" in body


def test_the_centre_sees_pending_extension_requests(street, login):
    order = street.a.order
    services.workorder_accept(order_id=order.pk, actor=street.a.property_user)
    services.extension_request(
        order_id=order.pk, actor=street.a.property_user, working_days=3, reason="等配件"
    )
    client = login(street.dispatcher)
    body = client.get(reverse("workbench")).content.decode()
    assert '<span class="count">1</span><span class="label">待审批延期</span>' in body
    assert "<h2>待审批延期</h2>" in body and order.number in body
    listing = client.get(reverse("order_list") + "?extension_pending=1").content.decode()
    assert 'data-total="1"' in listing and order.number in listing
