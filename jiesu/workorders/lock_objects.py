"""Named row-locking helpers. Locks are always taken in primary-key order."""

from collections.abc import Iterable

from jiesu.workorders.models import WorkOrder


def workorder_lock(*, order_id: int) -> WorkOrder:
    """Lock one order for the rest of the transaction (SELECT … FOR UPDATE on PostgreSQL)."""
    return WorkOrder.objects.select_for_update().get(pk=order_id)


def workorders_lock(*, order_ids: Iterable[int]) -> dict[int, WorkOrder]:
    ids = sorted(set(order_ids))
    return {
        order.pk: order for order in WorkOrder.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }
