from django.apps import AppConfig


class CobuildingConfig(AppConfig):
    name = "jiesu.cobuilding"
    verbose_name = "共建单位"
