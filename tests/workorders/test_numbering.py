"""Order numbers: channel prefix + date + sequence, unique across channels, safe under concurrency."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction

from jiesu.core.errors import ValidationFailed
from jiesu.workorders import services
from jiesu.workorders.models import Channel, WorkOrder
from jiesu.workorders.services.intake import workorder_number_next
from tests.conftest import is_postgres
from tests.factories import WorkOrderFactory

MORNING = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_each_channel_numbers_with_its_own_prefix_and_numbers_never_repeat(dispatcher):
    call = services.workorder_create(actor=dispatcher, content="楼道灯坏了", received_at=MORNING)
    visit = services.workorder_create(
        actor=dispatcher, content="楼道灯坏了", received_at=MORNING, channel=Channel.WALK_IN
    )
    second = services.workorder_create(actor=dispatcher, content="水管漏了", received_at=MORNING)
    assert (call.number, visit.number, second.number) == (
        "DH202611300001",
        "LF202611300001",
        "DH202611300002",
    )


def test_a_new_day_continues_after_numbers_already_used(dispatcher):
    WorkOrderFactory(number="DH202611300041", channel=Channel.PHONE)
    assert workorder_number_next(channel=Channel.PHONE, received_at=MORNING) == "DH202611300042"


def test_the_same_number_in_two_channels_is_refused(db):
    WorkOrderFactory(number="2026113000001", channel=Channel.HOTLINE)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkOrderFactory(number="2026113000001", channel=Channel.QR)


def test_registering_with_a_number_in_use_is_a_clear_error(dispatcher):
    WorkOrderFactory(number="X1")
    with pytest.raises(ValidationFailed, match="已存在"):
        services.workorder_create(actor=dispatcher, content="内容", number="X1")


def test_merge_by_number_finds_one_master(dispatcher):
    master = services.workorder_create(actor=dispatcher, content="楼道灯坏了", received_at=MORNING)
    other = services.workorder_create(
        actor=dispatcher, content="楼道灯坏了", received_at=MORNING, channel=Channel.QR
    )
    assert WorkOrder.objects.filter(number=master.number).count() == 1
    assert master.number != other.number


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_numbers():
    """Eight registrations at once on PostgreSQL: eight numbers, no error."""
    if not is_postgres():
        pytest.skip("row locks need PostgreSQL")
    from tests.factories import DispatcherFactory

    dispatcher = DispatcherFactory()
    barrier = threading.Barrier(8)
    errors, numbers = [], []

    def register():
        try:
            barrier.wait()
            order = services.workorder_create(actor=dispatcher, content="并发登记", received_at=MORNING)
            numbers.append(order.number)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"DH20261130{n:04d}" for n in range(1, 9)]
