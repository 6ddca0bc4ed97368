"""Migration 0007 renumbers orders that shared a number across channels, before 0008 makes
numbers unique; a 12345 order always keeps the platform's number."""

from datetime import UTC, datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_duplicates_across_channels_are_renumbered_and_recorded(transactional_db):
    apps = _migrate([("workorders", "0006_order_number_counter")])
    WorkOrder = apps.get_model("workorders", "WorkOrder")
    at = datetime(2026, 11, 30, 1, tzinfo=UTC)

    def order(number, channel):
        return WorkOrder.objects.create(number=number, channel=channel, received_at=at, content="内容")

    walk_in = order("JS202611300001", "walk_in")
    phone = order("JS202611300001", "phone")
    hotline = order("2026113000001", "12345")
    qr = order("2026113000001", "qr")
    alone = order("JS202611300002", "phone")

    apps = _migrate([("workorders", "0008_unique_order_number")])
    WorkOrder = apps.get_model("workorders", "WorkOrder")
    numbers = dict(WorkOrder.objects.values_list("pk", "number"))
    assert numbers[walk_in.pk] == "JS202611300001"  # the first keeps it
    assert numbers[phone.pk] == "DHJS202611300001"
    assert numbers[hotline.pk] == "2026113000001"  # the platform's number stays on the 12345 order
    assert numbers[qr.pk] == "SM2026113000001"
    assert numbers[alone.pk] == "JS202611300002"
    event = apps.get_model("workorders", "WorkOrderEvent").objects.get(order_id=phone.pk)
    assert (event.kind, event.old, event.new) == (
        "corrected",
        {"number": "JS202611300001"},
        {"number": "DHJS202611300001"},
    )
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
