from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "jiesu.deliberation"
    verbose_name = "居民议事"
