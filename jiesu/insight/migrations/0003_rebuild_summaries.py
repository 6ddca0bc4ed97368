"""Data: the new monthly and street tables start empty; clearing built_at makes the next refresh rebuild."""

from django.db import migrations


def ask_for_rebuild(apps, schema_editor):
    apps.get_model("insight", "RollupState").objects.update(built_at=None)


class Migration(migrations.Migration):
    dependencies = [("insight", "0002_monthly_and_street")]

    operations = [migrations.RunPython(ask_for_rebuild, migrations.RunPython.noop)]
