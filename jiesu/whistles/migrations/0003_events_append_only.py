"""On PostgreSQL the database itself refuses to change or delete a whistle event (append-only)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION whistles_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '吹哨记录只能追加，不能修改或删除。';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER whistles_event_append_only
    BEFORE UPDATE OR DELETE ON whistles_whistleevent
    FOR EACH ROW EXECUTE FUNCTION whistles_event_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS whistles_event_append_only ON whistles_whistleevent;
DROP FUNCTION IF EXISTS whistles_event_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("whistles", "0002_default_rules")]

    operations = [migrations.RunPython(forwards, backwards)]
