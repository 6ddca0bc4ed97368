"""Default 报到时限 (working hours by urgency) and working hours (08:30–17:30), editable in the admin."""

import datetime

from django.db import migrations

RULES = [
    ("normal", 8, "一般事项：一个工作日内报到"),
    ("urgent", 4, "紧急事项：半个工作日内报到"),
    ("critical", 2, "特急事项：两个工作小时内报到"),
]


def forwards(apps, schema_editor):
    CheckInRule = apps.get_model("whistles", "CheckInRule")
    WhistleSettings = apps.get_model("whistles", "WhistleSettings")
    for urgency, hours, note in RULES:
        CheckInRule.objects.get_or_create(urgency=urgency, defaults={"working_hours": hours, "note": note})
    if not WhistleSettings.objects.exists():
        WhistleSettings.objects.create(
            workday_opens=datetime.time(8, 30), workday_closes=datetime.time(17, 30), supervise_after_hours=9
        )


def backwards(apps, schema_editor):
    apps.get_model("whistles", "CheckInRule").objects.filter(urgency__in=[r[0] for r in RULES]).delete()
    apps.get_model("whistles", "WhistleSettings").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("whistles", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
