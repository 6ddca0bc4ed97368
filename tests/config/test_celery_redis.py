"""Background work through a real Redis broker and a real Celery worker (production's path).

Everything else runs tasks eagerly in-process; this proves the same task crosses Redis and is
executed by a worker against the same database.
"""

import os
import socket
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from config.celery import app
from jiesu.workorders.models import SlaState, WorkOrder
from jiesu.workorders.tasks import sla_scan_task
from tests.factories import WorkOrderFactory

REDIS = ("127.0.0.1", 6379)
REDIS_URL = "redis://127.0.0.1:6379/14"


def _redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
    except OSError:
        return False
    return True


def _forget_connections() -> None:
    """The app caches its result backend and producer pool; drop them so a new URL takes effect."""
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_app():
    if not _redis_up():
        if os.environ.get("JIESU_REQUIRE_REDIS") == "1":
            pytest.fail("Redis is required (JIESU_REQUIRE_REDIS=1) but not running on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    old = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    _forget_connections()
    yield app
    app.conf.update(old)
    _forget_connections()


@pytest.mark.django_db(transaction=True)
def test_the_sla_scan_task_runs_in_a_worker_through_redis(redis_app):
    order = WorkOrderFactory(status="dispatched", resolve_due=timezone.now() - timedelta(hours=2))
    with start_worker(redis_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = sla_scan_task.delay()
        counts = result.get(timeout=30)
    assert counts["overdue"] == 1 and counts["urged"] == 1
    assert WorkOrder.objects.get(pk=order.pk).sla_state == SlaState.OVERDUE
