"""Seams of the work-order app that other apps plug into (registered in their `ready()`).

- `order_registered`: callables `(order_id: int) -> None`, run after the registering transaction
  commits, for every new order from any entry point (form, import, API, public QR page, grid,
  riders). `workorder_create` and the import call `order_registered_notify`; nothing else needs
  to remember to. A subscriber's failure is logged and never fails intake.
- `order_panels`: callables `(request, order) -> str | None` returning safe HTML shown beside
  the order (triage's suggestions, "register as a point", ...).
- `order_filters`: `OrderFilter`s the order list understands (`?key=1`), e.g. triage's
  "needs a human".
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from jiesu.core.extensions import Registry

logger = logging.getLogger(__name__)

order_registered: Registry[Callable[[int], None]] = Registry("order_registered")
order_panels: Registry[Callable[[Any, Any], str | None]] = Registry("order_panels")


@dataclass(frozen=True)
class OrderFilter:
    key: str  # the query parameter, e.g. "needs_human"
    label: str
    apply: Callable[[QuerySet], QuerySet]
    visible: Callable[[Any], bool] = lambda user: True


order_filters: Registry[OrderFilter] = Registry("order_filters")


def _run_subscribers(order_id: int) -> None:
    for key, subscriber in order_registered.keyed():
        try:
            subscriber(order_id)
        except Exception:  # a subscriber must never fail intake
            logger.exception("order_registered subscriber %s failed for order %s", key, order_id)


def order_registered_notify(*, order_id: int) -> None:
    """Tell every subscriber about a new order once the current transaction has committed."""
    transaction.on_commit(lambda: _run_subscribers(order_id))


def order_filters_apply(orders: QuerySet, *, user, query) -> QuerySet:
    for item in order_filters.items():
        if query.get(item.key) in {"1", "on", "true"} and item.visible(user):
            orders = item.apply(orders)
    return orders
