"""Events and audit rows are only ever added: refused in Python for every model that says
`append_only = True`, and on PostgreSQL by a trigger, whatever SQL is sent."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from jiesu.accounts.models import PiiAccessLog, Role
from jiesu.audit.append_only import AppendOnlyViolation, append_only_models, install_triggers
from jiesu.audit.models import AuditKind, AuditLog
from jiesu.audit.services import audit_record
from jiesu.core.models import AuditedEvent
from jiesu.hotspots.models import AlertEvent
from jiesu.workorders import services
from jiesu.workorders.models import WorkOrder, WorkOrderEvent
from tests.conftest import is_postgres
from tests.factories import UnitFactory, UserFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(dispatcher):
    order = WorkOrderFactory()
    services.workorder_dispatch(order_id=order.pk, actor=dispatcher, lead_unit=UnitFactory())
    return WorkOrderEvent.objects.filter(order=order).latest("id")


def test_every_event_and_log_table_is_append_only():
    models = set(append_only_models())
    assert {WorkOrderEvent, AlertEvent, AuditLog, PiiAccessLog} <= models
    # and every concrete AuditedEvent of any app, now and later
    assert all(model in models for model in _subclasses(AuditedEvent) if not model._meta.abstract)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_an_event_cannot_be_changed_or_deleted_in_python(event):
    event.note = "改写历史"
    with pytest.raises(RuntimeError):  # the model's own guard, or AppendOnlyViolation (a RuntimeError)
        event.save()
    with pytest.raises(RuntimeError), transaction.atomic():
        event.delete()
    with pytest.raises(AppendOnlyViolation), transaction.atomic():
        WorkOrderEvent.objects.filter(pk=event.pk).delete()


def test_deleting_an_order_cannot_take_its_events_with_it(event):
    with pytest.raises(AppendOnlyViolation), transaction.atomic():
        WorkOrder.objects.filter(pk=event.order_id).delete()
    assert WorkOrderEvent.objects.filter(pk=event.pk).exists()


def test_an_audit_row_cannot_be_changed_or_deleted_in_python():
    row = audit_record(kind=AuditKind.LOGIN, username="x")
    row.username = "y"
    with pytest.raises(AppendOnlyViolation):
        row.save()
    with pytest.raises(AppendOnlyViolation), transaction.atomic():
        AuditLog.objects.all().delete()


def test_no_role_may_change_or_delete_events_or_audit_rows_in_the_admin():
    models = ("workorders.change_workorderevent", "workorders.delete_workorderevent",
              "audit.change_auditlog", "audit.delete_auditlog", "accounts.delete_piiaccesslog",
              "hotspots.change_alertevent", "hotspots.delete_alertevent")  # fmt: skip
    for role in Role.values:
        user = UserFactory(role=role, is_superuser=role == Role.CENTRE_ADMIN)
        for perm in models:
            if perm.startswith(("workorders.", "hotspots.")) and role == Role.CENTRE_ADMIN:
                continue  # business apps are the centre admin's; the models refuse (above) and the trigger (below)
            assert not user.has_perm(perm), (role, perm)


# -- PostgreSQL: the triggers ----------------------------------------------------------------------
postgres_only = pytest.mark.skipif("not is_postgres()", reason="the triggers are PostgreSQL's")


@postgres_only
@pytest.mark.postgres
@pytest.mark.parametrize(
    "model", [WorkOrderEvent, AuditLog, AlertEvent, PiiAccessLog], ids=lambda m: m.__name__
)
def test_raw_sql_update_and_delete_fail_on_postgres(model, event, dispatcher):
    assert is_postgres()
    if model is AuditLog:
        row_id = audit_record(kind=AuditKind.LOGIN, username="x").pk
    elif model is PiiAccessLog:
        row_id = PiiAccessLog.objects.create(user=dispatcher, order=event.order, reason="t").pk
    elif model is AlertEvent:
        row_id = _alert_event().pk
    else:
        row_id = event.pk
    table = model._meta.db_table
    for sql in (f'UPDATE "{table}" SET id = id WHERE id = %s', f'DELETE FROM "{table}" WHERE id = %s'):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [row_id])
    assert model.objects.filter(pk=row_id).exists()


@postgres_only
@pytest.mark.postgres
def test_a_queryset_update_is_refused_on_postgres(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        WorkOrderEvent.objects.filter(pk=event.pk).update(note="改写")
    event.refresh_from_db()
    assert event.note != "改写"


@postgres_only
@pytest.mark.postgres
def test_installing_the_triggers_again_changes_nothing_and_covers_every_table():
    first = install_triggers()
    second = install_triggers()
    assert first == second == sorted({m._meta.db_table for m in append_only_models()})
    assert set(first) <= _tables_with_trigger()


@postgres_only
@pytest.mark.postgres
def test_migrate_puts_back_a_dropped_trigger():
    table = WorkOrderEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TRIGGER jiesu_append_only ON "{table}"')
    call_command("migrate", verbosity=0)
    assert table in _tables_with_trigger()


def _tables_with_trigger() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'jiesu_append_only'")
        return {name.strip('"') for (name,) in cursor.fetchall()}


def _alert_event():
    from datetime import timedelta

    from django.utils import timezone

    from jiesu.hotspots.models import Alert, AlertOrder, HotspotRule
    from tests.factories import CategoryFactory, CompoundFactory

    compound = CompoundFactory()
    now = timezone.now()
    alert = Alert.objects.create(
        rule=HotspotRule.objects.create(name="t"), category=CategoryFactory(), community=compound.community,
        compound=compound, first_order_at=now - timedelta(hours=3), last_order_at=now, raised_at=now,
        detected_at=now, order_count=1, expected=0.1, p_value=0.0001,
    )  # fmt: skip
    AlertOrder.objects.create(alert=alert, order=WorkOrderFactory(compound=compound))
    return AlertEvent.objects.create(alert=alert, kind="raised", at=now)
