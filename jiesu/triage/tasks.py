"""Background triage jobs. Each takes ids, reloads, and is safe to run twice."""

import logging

from celery import shared_task
from django.db import transaction

from jiesu.triage.services import model_train, thresholds_calibrate, triage_order

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
    """The scheduled retraining (CELERY_BEAT_SCHEDULE): corrections included; the new version is
    activated only if not worse on the recent confirmed orders; thresholds re-estimated after."""
    version = model_train(min_samples=min_samples)
    thresholds_calibrate()
    return version.pk


def triage_order_registered(order_id: int) -> None:
    """The `order_registered` subscriber (already after the commit): triage in the background."""
    triage_order_task.delay(order_id)


def triage_enqueue(*, order_id: int) -> None:
    """Triage an order once the current transaction has committed (re-triage after a change)."""
    transaction.on_commit(lambda: triage_order_task.delay(order_id))
