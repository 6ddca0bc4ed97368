import pytest

from jiesu.workorders import services
from jiesu.workorders.models import EventKind
from jiesu.workorders.states import Status
from tests.factories import UnitFactory, UserFactory, WorkOrderFactory


@pytest.mark.django_db
def test_an_order_goes_from_dispatch_to_close_with_one_event_per_step(dispatcher):
    unit = UnitFactory()
    worker = UserFactory(unit=unit)
    order = WorkOrderFactory()
    services.workorder_dispatch(order_id=order.pk, actor=dispatcher, lead_unit=unit)
    services.workorder_accept(order_id=order.pk, actor=worker)
    services.workorder_respond(order_id=order.pk, actor=worker)
    services.workorder_resolve(order_id=order.pk, actor=worker, result="已更换灯泡")
    services.workorder_return_visit(
        order_id=order.pk, actor=dispatcher, contacted=True, resolved=True, satisfaction="satisfied"
    )
    order = services.workorder_close(order_id=order.pk, actor=dispatcher)
    assert order.status == Status.CLOSED
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.DISPATCHED,
        EventKind.ACCEPTED,
        EventKind.RESPONDED,
        EventKind.RESOLVED,
        EventKind.VISITED,
        EventKind.CLOSED,
    ]
    first = order.events.first()
    assert first.actor == dispatcher
    assert first.old["status"] == Status.NEW and first.new["status"] == Status.DISPATCHED
