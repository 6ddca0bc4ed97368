from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "jiesu.projects"
    verbose_name = "主动治理"
