from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "jiesu.insight"
    verbose_name = "数据分析"
