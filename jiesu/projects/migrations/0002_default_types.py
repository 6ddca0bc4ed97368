"""The project types a street starts with; the admin links each to its problem category."""

from django.db import migrations

TYPES = (
    "房屋漏雨修缮", "道路平整", "下水管道更新", "电动自行车充电车棚", "雨水积水改造", "楼道照明改造",
    "健身器材更新", "无障碍设施", "停车位施划", "楼道堆物清理", "其他",
)  # fmt: skip


def forwards(apps, schema_editor):
    ProjectType = apps.get_model("projects", "ProjectType")
    for name in TYPES:
        ProjectType.objects.get_or_create(name=name)


def backwards(apps, schema_editor):
    apps.get_model("projects", "ProjectType").objects.filter(name__in=TYPES, projects__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
