# Order numbers unique across channels (the duplicates were renumbered by 0007)

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workorders", "0007_renumber_duplicate_numbers"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="workorder",
            name="uniq_order_number_per_channel",
        ),
        migrations.AlterField(
            model_name="workorder",
            name="number",
            field=models.CharField(max_length=64, unique=True, verbose_name="工单编号"),
        ),
    ]
