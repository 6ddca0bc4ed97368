from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "jiesu.units"
    verbose_name = "承办单位"
