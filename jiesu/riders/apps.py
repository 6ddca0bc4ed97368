from django.apps import AppConfig


class RidersConfig(AppConfig):
    name = "jiesu.riders"
    verbose_name = "新就业群体"
