"""Inserting many rows at once without building model instances (`rows_insert`).

`bulk_create` compiles every value of every row through the ORM, and on SQLite it sends about 40
rows per statement (the 999-variable limit): for the demo's 410,000 events or insight's 55,000
facts that was most of the time. Here each field's conversion is chosen once and the rows go to
the driver's `executemany`, storing exactly what `bulk_create` stores (tests/demo/test_loader.py).
Rows need their primary key; nothing is saved through `save()`, no signals are sent, and
auto_now fields keep the value given (callers load history with its own times).
"""

import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection
from django.db.backends.base.operations import BaseDatabaseOperations

BATCH = 5000
_PLAIN = {
    "CharField": {str},
    "TextField": {str},
    "BooleanField": {bool},
    "IntegerField": {int},
    "BigIntegerField": {int},
    "SmallIntegerField": {int},
    "PositiveIntegerField": {int},
    "PositiveSmallIntegerField": {int},
    "PositiveBigIntegerField": {int},
    "AutoField": {int},
    "BigAutoField": {int},
    "SmallAutoField": {int},
}


def _batches(rows: Iterable, size: int = BATCH) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _sqlite_datetime(value):
    """`adapt_datetimefield_value` of Django's SQLite backend (UTC text), without its checks."""
    if isinstance(value, datetime) and value.tzinfo is not None and connection.timezone is UTC:
        return str(value.astimezone(UTC).replace(tzinfo=None))
    return connection.ops.adapt_datetimefield_value(value)


def _converter(field) -> Callable:
    """How one field's Python value becomes what the driver is given: `field.get_db_prep_save`
    (what `bulk_create` calls), with shortcuts for plain values, JSON and SQLite's times."""
    ops = connection.ops
    kind = field.get_internal_type()
    prep = field.get_db_prep_save
    if kind == "DateTimeField":
        if connection.vendor == "sqlite" and settings.USE_TZ:
            return _sqlite_datetime
        return ops.adapt_datetimefield_value
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "JSONField":
        if type(ops).adapt_json_value is BaseDatabaseOperations.adapt_json_value:  # SQLite: the text
            encoder = field.encoder
            return lambda value: None if value is None else json.dumps(value, cls=encoder)
        return lambda value: prep(value, connection)
    target = field.target_field if field.is_relation else field
    plain = _PLAIN.get(target.get_internal_type(), set()) | {type(None)}
    return lambda value: value if type(value) in plain else prep(value, connection)


def rows_insert(model, rows: Iterable, *, columns: list[str] | None = None) -> None:
    """Insert `rows` into `model`'s table: dicts keyed by attname (a missing field gets its
    default), or tuples in the order of `columns` (which must then name every concrete field)."""
    fields = model._meta.concrete_fields
    convert = [_converter(field) for field in fields]
    names = [field.attname for field in fields]
    if columns is not None:
        if sorted(columns) != sorted(names):
            raise ValueError(f"{model.__name__}: columns {columns} are not its fields {names}")
        position = [columns.index(name) for name in names]

        def values(row):
            return [convert[i](row[p]) for i, p in enumerate(position)]

    else:
        defaults = [field.get_default for field in fields]

        def values(row):
            return [convert[i](row[name] if name in row else defaults[i]()) for i, name in enumerate(names)]

    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for batch in _batches(rows):
            cursor.executemany(sql, [values(row) for row in batch])


def instances_insert(objects: Iterable) -> None:
    """`rows_insert` for unsaved model instances (of one model) that already carry their keys."""
    objects = iter(objects)
    first = next(objects, None)
    if first is not None:
        rows_insert(type(first), (obj.__dict__ for obj in itertools.chain([first], objects)))
