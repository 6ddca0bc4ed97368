from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jiesu.core"
    verbose_name = "基础"
