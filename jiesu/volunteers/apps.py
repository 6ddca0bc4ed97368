from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "jiesu.volunteers"
    verbose_name = "志愿服务"
