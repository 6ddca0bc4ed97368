from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jiesu.demo"
    verbose_name = "演示数据"
