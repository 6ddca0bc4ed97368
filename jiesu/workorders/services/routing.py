"""派单 / 改派 / 签收 / 退单."""

from django.utils import timezone

from jiesu.core.errors import ValidationFailed
from jiesu.units.models import Unit
from jiesu.workorders import events
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.services._perform import perform
from jiesu.workorders.states import Action


def _assign(order: WorkOrder, kind: str, lead_unit: Unit, co_handlers: list[Unit]) -> tuple[dict, dict]:
    if lead_unit.kind == Unit.Kind.PROPERTY_COMPANY and lead_unit.children.exists():
        raise ValidationFailed("请派给具体的物业服务项目，而不是物业公司总部。")
    payload = events.payload_assign(
        kind=kind,
        old_lead=order.lead_unit_id,
        old_co=order.co_handlers.values_list("id", flat=True),
        lead=lead_unit,
        co=co_handlers,
    )
    order.lead_unit = lead_unit
    order.co_handlers.set(payload[1]["co_handlers"])
    order.dispatched_at = timezone.now()
    order.accepted_at = None
    return payload


def workorder_dispatch(
    *,
    order_id: int,
    actor,
    lead_unit: Unit,
    co_handlers: list[Unit] = (),
    note: str = "",
    expected_version: int | None = None,
) -> WorkOrder:
    return perform(
        order_id=order_id,
        action=Action.DISPATCH,
        actor=actor,
        note=note,
        expected_version=expected_version,
        change=lambda order: _assign(order, Action.DISPATCH, lead_unit, list(co_handlers)),
    )


def workorder_reassign(
    *,
    order_id: int,
    actor,
    lead_unit: Unit,
    co_handlers: list[Unit] = (),
    note: str,
    expected_version: int | None = None,
) -> WorkOrder:
    if not note.strip():
        raise ValidationFailed("改派须说明原因。")

    def change(order: WorkOrder) -> tuple[dict, dict]:
        if order.lead_unit_id == lead_unit.pk:
            raise ValidationFailed("改派的单位与当前主办单位相同。")
        return _assign(order, Action.REASSIGN, lead_unit, list(co_handlers))

    return perform(
        order_id=order_id,
        action=Action.REASSIGN,
        actor=actor,
        note=note,
        expected_version=expected_version,
        change=change,
    )


def workorder_accept(
    *, order_id: int, actor, note: str = "", expected_version: int | None = None
) -> WorkOrder:
    def change(order: WorkOrder) -> tuple[dict, dict]:
        order.accepted_at = timezone.now()
        return events.payload_accept(at=order.accepted_at)

    return perform(
        order_id=order_id,
        action=Action.ACCEPT,
        actor=actor,
        note=note,
        expected_version=expected_version,
        change=change,
    )


def workorder_return(*, order_id: int, actor, reason: str, expected_version: int | None = None) -> WorkOrder:
    """退单: the unit says the order is not theirs; it goes back to the dispatcher's queue."""
    if not reason.strip():
        raise ValidationFailed("退单须填写理由。")

    def change(order: WorkOrder) -> tuple[dict, dict]:
        payload = events.payload_return(old_lead=order.lead_unit_id)
        order.lead_unit = None
        order.co_handlers.clear()
        order.accepted_at = None
        return payload

    return perform(
        order_id=order_id,
        action=Action.RETURN,
        actor=actor,
        note=reason,
        expected_version=expected_version,
        change=change,
    )
