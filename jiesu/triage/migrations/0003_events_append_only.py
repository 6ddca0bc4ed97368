"""On PostgreSQL the database itself refuses to change or delete a triage event (append-only)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION triage_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '智能分拣变更记录只能追加，不能修改或删除。';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER triage_event_append_only
    BEFORE UPDATE OR DELETE ON triage_triageevent
    FOR EACH ROW EXECUTE FUNCTION triage_event_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS triage_event_append_only ON triage_triageevent;
DROP FUNCTION IF EXISTS triage_event_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("triage", "0002_guard_shadow_events")]

    operations = [migrations.RunPython(forwards, backwards)]
