"""The loader writes orders and events without model instances: the stored rows must be exactly
what `bulk_create` stores for the same objects (times in UTC text, JSON, defaults)."""

from contextlib import contextmanager
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from jiesu.core.bulk import rows_insert
from jiesu.workorders.models import ExtensionRequest, WorkOrder, WorkOrderEvent

SLICE = ["--from", "2026-11-01", "--until", "2026-11-26"]

pytestmark = pytest.mark.django_db


def _raw(model, ids) -> dict:
    table = connection.ops.quote_name(model._meta.db_table)
    # the model's column order (SQLite rebuilds a table on some migrations and moves columns)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in model._meta.concrete_fields)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id IN ({marks}) ORDER BY id", list(ids))
        return {row[0]: row for row in cursor.fetchall()}


@contextmanager
def _times_as_given(model):
    fields = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _local(value):
    return timezone.localtime(value) if isinstance(value, datetime) else value  # as the generator has them


def _copy(obj, shift: int, suffix: str):
    """The object's field values (aware times in Asia/Shanghai), under a new id."""
    values = {f.attname: _local(getattr(obj, f.attname)) for f in type(obj)._meta.concrete_fields}
    values["id"] += shift
    if "number" in values:
        values["number"] += suffix  # unique
    return values


def test_the_loader_stores_what_bulk_create_stores():
    call_command("demo", *SLICE, stdout=StringIO())
    orders = list(WorkOrder.objects.order_by("id")[:40])
    events = list(WorkOrderEvent.objects.filter(order__in=orders).order_by("id"))
    extensions = list(ExtensionRequest.objects.order_by("id")[:10])
    assert len(events) > 100 and extensions
    assert any(e.old for e in events) and any(e.new for e in events)
    for model, rows in ((WorkOrder, orders), (WorkOrderEvent, events), (ExtensionRequest, extensions)):
        ours = [_copy(row, 10_000_000, "a") for row in rows]
        if model is WorkOrderEvent:  # the loader's tuple form
            columns = list(ours[0])
            rows_insert(model, [tuple(row[c] for c in columns) for row in ours], columns=columns)
        else:
            rows_insert(model, ours)
        with _times_as_given(model):
            model.objects.bulk_create(model(**_copy(row, 20_000_000, "b")) for row in rows)
        loaded = _raw(model, [row["id"] for row in ours])
        created = _raw(model, [row.pk + 20_000_000 for row in rows])
        assert len(loaded) == len(created) == len(rows)
        for a, b in zip(loaded.values(), created.values(), strict=True):
            a, b = _without_number(model, a), _without_number(model, b)
            assert a[1:] == b[1:]


def _without_number(model, row: tuple) -> tuple:
    if model is not WorkOrder:
        return row
    index = [f.attname for f in model._meta.concrete_fields].index("number")
    return row[:index] + row[index + 1 :]
