from django.db import migrations

RULES = (
    # name, enabled, place_level
    ("按小区·三级分类", True, "compound"),
    ("按楼栋·三级分类", False, "building"),
)


def create(apps, schema_editor):
    HotspotRule = apps.get_model("hotspots", "HotspotRule")
    for name, enabled, place_level in RULES:
        HotspotRule.objects.get_or_create(
            name=name, defaults={"enabled": enabled, "place_level": place_level}
        )


def remove(apps, schema_editor):
    HotspotRule = apps.get_model("hotspots", "HotspotRule")
    HotspotRule.objects.filter(name__in=[name for name, _, _ in RULES], alerts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("hotspots", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
