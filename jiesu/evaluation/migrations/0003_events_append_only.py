"""On PostgreSQL the event tables refuse UPDATE and DELETE (append-only, like the model's save())."""

from django.db import migrations

TABLES = ("evaluation_roundevent", "evaluation_inspectionevent", "evaluation_ledgerevent")
FUNCTION = """
CREATE OR REPLACE FUNCTION evaluation_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '考评记录只能追加，不能修改或删除。';
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION evaluation_events_append_only();"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS evaluation_events_append_only();")


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0002_default_indicators")]

    operations = [migrations.RunPython(create, remove)]
