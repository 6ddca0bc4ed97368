from django.apps import AppConfig


class GridConfig(AppConfig):
    name = "jiesu.grid"
    verbose_name = "网格治理"
