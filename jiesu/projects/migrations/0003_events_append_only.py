"""On PostgreSQL the database itself refuses to change or delete a project event (append-only)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION projects_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '项目记录只能追加，不能修改或删除。';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER projects_event_append_only
    BEFORE UPDATE OR DELETE ON projects_projectevent
    FOR EACH ROW EXECUTE FUNCTION projects_event_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS projects_event_append_only ON projects_projectevent;
DROP FUNCTION IF EXISTS projects_event_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_default_types")]

    operations = [migrations.RunPython(forwards, backwards)]
