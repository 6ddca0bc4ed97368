"""Every entry point that registers an order tells the `order_registered` subscribers, after commit."""

import pytest
from django.urls import reverse
from django.utils import timezone

from jiesu.workorders.hooks import order_registered
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.services import workorder_create
from tests.factories import DispatcherFactory


@pytest.fixture
def heard():
    calls: list[int] = []
    order_registered.register("test-listener", calls.append)
    yield calls
    order_registered.unregister("test-listener")


@pytest.mark.django_db
def test_the_service_notifies_after_commit_only(heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order = workorder_create(actor=DispatcherFactory(), content="楼道灯坏了")
    assert heard == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert heard == [order.pk]


@pytest.mark.django_db
def test_the_registration_form_triggers_it(client, heard, django_capture_on_commit_callbacks):
    client.force_login(DispatcherFactory())
    data = {
        "channel": "phone",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "appeal_type": "help",
        "urgency": "normal",
        "content": "小区门口路灯不亮",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("order_new"), data)
    assert response.status_code == 302
    assert heard == [WorkOrder.objects.get().pk]


@pytest.mark.django_db
def test_the_import_triggers_it_per_new_row_and_not_on_a_dry_run(heard, django_capture_on_commit_callbacks):
    from jiesu.intake.importing import orders_import

    csv = "工单编号,受理时间,诉求内容\nA1,2024-09-01 08:00,路灯不亮\nA2,2024-09-01 09:00,井盖缺失\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        orders_import(source=csv, filename="t.csv", dry_run=True, actor=DispatcherFactory(username="d1"))
    assert heard == []
    with django_capture_on_commit_callbacks(execute=True):
        orders_import(source=csv, filename="t.csv", actor=DispatcherFactory(username="d2"))
    assert sorted(heard) == sorted(WorkOrder.objects.values_list("pk", flat=True))
    assert len(heard) == 2


@pytest.mark.django_db
def test_a_failing_subscriber_never_fails_intake(django_capture_on_commit_callbacks):
    def boom(order_id):
        raise RuntimeError("subscriber down")

    order_registered.register("test-boom", boom)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            order = workorder_create(actor=DispatcherFactory(), content="楼道灯坏了")
    finally:
        order_registered.unregister("test-boom")
    assert WorkOrder.objects.filter(pk=order.pk).exists()


@pytest.mark.django_db
def test_a_person_who_may_not_register_is_refused_by_the_service_itself():
    from jiesu.core.errors import NotPermitted
    from tests.factories import UnitFactory, UserFactory

    with pytest.raises(NotPermitted):
        workorder_create(actor=UserFactory(unit=UnitFactory()), content="楼道灯坏了")
    assert not WorkOrder.objects.exists()
