from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "jiesu.registers"
    verbose_name = "点位台账"
