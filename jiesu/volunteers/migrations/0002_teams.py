"""The street volunteer service's four teams (1+4+X), as data: renamed or added in the admin."""

from django.db import migrations

TEAMS = (
    ("爱在南苑", "助老助残、结对帮扶、上门探访"),
    ("青春南苑", "青年志愿、骑手志愿、应急服务"),
    ("情暖南苑", "邻里互助、便民服务、义诊义剪"),
    ("文明南苑", "文明劝导、环境整治、垃圾分类"),
)


def add(apps, schema_editor):
    Team = apps.get_model("volunteers", "Team")
    for name, focus in TEAMS:
        Team.objects.get_or_create(name=name, defaults={"focus": focus})


def remove(apps, schema_editor):
    apps.get_model("volunteers", "Team").objects.filter(
        name__in=[name for name, _ in TEAMS], volunteers__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
