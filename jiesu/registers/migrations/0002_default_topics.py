"""The default topics (editable in the admin) and, on PostgreSQL, append-only event tables."""

from django.db import migrations

TOPICS = (  # name, days to close, order categories counted for it (linked when they exist)
    ("漏雨", 15, ("房屋漏水",)),
    ("下水堵塞", 7, ("污水管道堵塞",)),
    ("暖气", 10, ("暖气不热", "供暖设施漏水")),
)
TABLES = ("registers_pointevent", "registers_taskevent")
CREATE = """
CREATE OR REPLACE FUNCTION registers_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '台账记录只能追加，不能修改或删除。';
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION registers_event_append_only();
"""


def forwards(apps, schema_editor):
    Topic = apps.get_model("registers", "Topic")
    Category = apps.get_model("workorders", "Category")
    for name, days, categories in TOPICS:
        topic, _ = Topic.objects.get_or_create(name=name, defaults={"days_to_close": days})
        topic.categories.add(*Category.objects.filter(name__in=categories))
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        for table in TABLES:
            schema_editor.execute(TRIGGER.format(table=table))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        schema_editor.execute("DROP FUNCTION IF EXISTS registers_event_append_only();")
    apps.get_model("registers", "Topic").objects.filter(name__in=[t[0] for t in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("registers", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
