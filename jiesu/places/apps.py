from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "jiesu.places"
    verbose_name = "辖区"
