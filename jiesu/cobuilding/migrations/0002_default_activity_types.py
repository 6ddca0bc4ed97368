"""Default joint-activity types (editable in the admin) and, on PostgreSQL, append-only activity events."""

from django.db import migrations

TYPES = ["党建联建", "志愿服务", "环境整治", "便民服务", "安全宣传", "助老助残", "文化活动", "其他"]
TRIGGER = """
CREATE OR REPLACE FUNCTION cobuilding_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '联建活动记录只能追加，不能修改或删除。';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cobuilding_event_append_only
    BEFORE UPDATE OR DELETE ON cobuilding_activityevent
    FOR EACH ROW EXECUTE FUNCTION cobuilding_event_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS cobuilding_event_append_only ON cobuilding_activityevent;
DROP FUNCTION IF EXISTS cobuilding_event_append_only();
"""


def forwards(apps, schema_editor):
    ActivityType = apps.get_model("cobuilding", "ActivityType")
    for sort, name in enumerate(TYPES, 1):
        ActivityType.objects.get_or_create(name=name, defaults={"sort": sort})
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
    apps.get_model("cobuilding", "ActivityType").objects.filter(name__in=TYPES).delete()


class Migration(migrations.Migration):
    dependencies = [("cobuilding", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
