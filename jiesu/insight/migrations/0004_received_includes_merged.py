"""Data: volume now counts merged duplicates too (docs/metrics.md); the next refresh rebuilds."""

from django.db import migrations


def ask_for_rebuild(apps, schema_editor):
    apps.get_model("insight", "RollupState").objects.update(built_at=None)


class Migration(migrations.Migration):
    dependencies = [("insight", "0003_rebuild_summaries")]

    operations = [migrations.RunPython(ask_for_rebuild, migrations.RunPython.noop)]
