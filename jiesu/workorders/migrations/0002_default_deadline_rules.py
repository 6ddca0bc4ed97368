"""Default time limits (editable in the admin): 24 h to respond and 7 working days to resolve,
shorter for inquiries and urgent orders."""

from django.db import migrations

RULES = [
    ("", "normal", 24, 7),
    ("inquiry", "normal", 24, 2),
    ("", "urgent", 2, 2),
    ("", "critical", 1, 1),
]


def add_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("workorders", "DeadlineRule")
    for appeal_type, urgency, hours, days in RULES:
        DeadlineRule.objects.get_or_create(
            appeal_type=appeal_type,
            urgency=urgency,
            defaults={"response_hours": hours, "resolve_working_days": days},
        )


def remove_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("workorders", "DeadlineRule")
    for appeal_type, urgency, _, _ in RULES:
        DeadlineRule.objects.filter(appeal_type=appeal_type, urgency=urgency).delete()


class Migration(migrations.Migration):
    dependencies = [("workorders", "0001_initial")]
    operations = [migrations.RunPython(add_rules, remove_rules)]
