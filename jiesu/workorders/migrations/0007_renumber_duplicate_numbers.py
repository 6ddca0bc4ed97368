"""Renumber orders whose number another channel's order already uses.

Numbers used to be unique per channel only (JS20261130 0001 for a call and for a walk-in). In
each group of equal numbers the first order keeps its number (a 12345 order always keeps the
platform's); the others get their channel's prefix in front (DH + JS202611300001), with the
order id after it if that is taken too. Each renumbering is written to the order's timeline.
Reversing keeps the new numbers (they are unique either way).
"""

from django.db import migrations
from django.db.models import Count
from django.utils import timezone

PREFIX = {
    "12345": "RX",
    "phone": "DH",
    "walk_in": "LF",
    "qr": "SM",
    "grid": "WG",
    "rider": "XG",
    "deliberation": "YS",
    "other": "QT",
}


def renumber(apps, schema_editor):
    WorkOrder = apps.get_model("workorders", "WorkOrder")
    WorkOrderEvent = apps.get_model("workorders", "WorkOrderEvent")
    duplicated = (
        WorkOrder.objects.values("number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("number", flat=True)
    )
    taken = set()
    for number in list(duplicated):
        orders = list(WorkOrder.objects.filter(number=number).order_by("id"))
        orders.sort(key=lambda order: (order.channel != "12345", order.id))
        for order in orders[1:]:
            new = f"{PREFIX.get(order.channel, 'QT')}{number}"
            if new in taken or WorkOrder.objects.filter(number=new).exists():
                new = f"{new}-{order.id}"
            taken.add(new)
            WorkOrder.objects.filter(pk=order.pk).update(number=new)
            WorkOrderEvent.objects.create(
                order_id=order.pk,
                kind="corrected",
                at=timezone.now(),
                old={"number": number},
                new={"number": new},
                note="工单编号与其他渠道的工单重复，系统已重新编号。",
            )


class Migration(migrations.Migration):
    dependencies = [
        ("workorders", "0006_order_number_counter"),
    ]

    operations = [
        migrations.RunPython(renumber, migrations.RunPython.noop),
    ]
