"""Tables that are only ever added to: every concrete model with `append_only = True`
(`core.models.AuditedEvent` and its subclasses, work-order and alert events, the audit log, the
personal-data access log, and any model of an app added later that sets the flag).

- In Python, saving an existing row or deleting one (directly or by a cascade) raises
  `AppendOnlyViolation` (receivers connected per model when the audit app is ready).
- On PostgreSQL a row trigger refuses UPDATE and DELETE whatever the client: raw SQL, a queryset
  `.update()`, another program. The triggers are (re)installed after every `migrate`, for every
  such table that exists, idempotently.
"""

from django.apps import apps
from django.db import connections
from django.db.models import Model
from django.db.models.signals import pre_delete, pre_save

TRIGGER = "jiesu_append_only"
FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on %: rows of this table are only ever added (append-only)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
"""
TRIGGER_SQL = (
    'CREATE OR REPLACE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON "{table}" '
    "FOR EACH ROW EXECUTE FUNCTION {trigger}();"
)


class AppendOnlyViolation(RuntimeError):
    pass


def append_only_models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models()
        if getattr(model, "append_only", False) and not model._meta.proxy and model._meta.managed
    ]


def _refuse_update(sender, instance, **kwargs) -> None:
    if not instance._state.adding:
        raise AppendOnlyViolation(f"{sender._meta.verbose_name}只能追加，不能修改。")


def _refuse_delete(sender, instance, **kwargs) -> None:
    raise AppendOnlyViolation(f"{sender._meta.verbose_name}只能追加，不能删除。")


def protect_in_python() -> None:
    for model in append_only_models():
        label = model._meta.label_lower
        pre_save.connect(_refuse_update, sender=model, dispatch_uid=f"append_only.save.{label}")
        pre_delete.connect(_refuse_delete, sender=model, dispatch_uid=f"append_only.delete.{label}")


def install_triggers(*, using: str = "default") -> list[str]:
    """Create (or replace) the refusing trigger on every append-only table; returns the tables."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    existing = set(connection.introspection.table_names())
    tables = sorted({m._meta.db_table for m in append_only_models()} & existing)
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        for table in tables:
            cursor.execute(TRIGGER_SQL.format(trigger=TRIGGER, table=table))
    return tables


def on_post_migrate(sender, using="default", **kwargs) -> None:
    install_triggers(using=using)
