from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "jiesu.public"
    verbose_name = "公众端"
