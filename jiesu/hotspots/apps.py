from django.apps import AppConfig


class HotspotsConfig(AppConfig):
    name = "jiesu.hotspots"
    verbose_name = "热点预警"
