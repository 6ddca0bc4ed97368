"""Background triage jobs. Each takes ids, reloads, and is safe to run twice."""

import logging

from celery import shared_task
from django.db import transaction

from jiesu.triage.services import model_train, triage_order

logger = logging.getLogger(__name__)


@shared_task
def triage_order_task(order_id: int) -> int | None:
    """Triage one order; an error is logged, never raised into intake."""
    try:
        result = triage_order(order_id=order_id)
    except Exception:
        logger.exception("triage failed for order %s", order_id)
        return None
    return result.pk if result else None


@shared_task
def model_train_task(min_samples: int = 50) -> int:
    return model_train(min_samples=min_samples).pk


def triage_order_registered(order_id: int) -> None:
    """The `order_registered` subscriber (already after the commit): triage in the background."""
    triage_order_task.delay(order_id)


def triage_enqueue(*, order_id: int) -> None:
    """Triage an order once the current transaction has committed (re-triage after a change)."""
    transaction.on_commit(lambda: triage_order_task.delay(order_id))
