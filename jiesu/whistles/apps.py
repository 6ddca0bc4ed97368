from django.apps import AppConfig


class WhistlesConfig(AppConfig):
    name = "jiesu.whistles"
    verbose_name = "吹哨报到"
