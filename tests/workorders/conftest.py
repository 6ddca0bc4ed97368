"""Shared people, units and a helper that drives an order to any status through the services."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from jiesu.workorders import services
from jiesu.workorders.models import Satisfaction, WorkOrder
from jiesu.workorders.states import Status
from tests.factories import UnitFactory, UserFactory, WorkOrderFactory

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def frozen_now(monkeypatch):
    """Freeze `timezone.now()` (services, events, auto_now) at 2024-09-30 10:00 Beijing time."""
    moment = datetime(2024, 9, 30, 10, tzinfo=BEIJING)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def unit(db):
    return UnitFactory(name="城管执法队")


@pytest.fixture
def other_unit(db):
    return UnitFactory(name="房管所")


@pytest.fixture
def member(unit):
    return UserFactory(username="chengguan", unit=unit)


@pytest.fixture
def drive(dispatcher, unit, member):
    """drive(status) → a fresh order brought to `status` by the services, the normal way."""

    def _drive(status: str, **factory_kwargs) -> WorkOrder:
        order = WorkOrderFactory(**factory_kwargs)
        if status == Status.NEW:
            return order
        services.workorder_dispatch(order_id=order.pk, actor=dispatcher, lead_unit=unit)
        if status == Status.DISPATCHED:
            return _fresh(order)
        if status == Status.RETURNED:
            services.workorder_return(order_id=order.pk, actor=member, reason="不属于本单位职责")
            return _fresh(order)
        services.workorder_accept(order_id=order.pk, actor=member)
        if status == Status.ACCEPTED:
            return _fresh(order)
        if status == Status.MERGED:
            master = WorkOrderFactory()
            services.workorder_merge(order_id=order.pk, master_id=master.pk, actor=dispatcher)
            return _fresh(order)
        services.workorder_resolve(order_id=order.pk, actor=member, result="已更换灯泡")
        if status == Status.RESOLVED:
            return _fresh(order)
        services.workorder_return_visit(
            order_id=order.pk,
            actor=dispatcher,
            contacted=True,
            resolved=False,
            satisfaction=Satisfaction.UNSATISFIED,
        )
        if status == Status.VISITED:
            return _fresh(order)
        services.workorder_close(order_id=order.pk, actor=dispatcher)
        assert status == Status.CLOSED
        return _fresh(order)

    return _drive


def _fresh(order: WorkOrder) -> WorkOrder:
    return WorkOrder.objects.get(pk=order.pk)
