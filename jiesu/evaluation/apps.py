from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "jiesu.evaluation"
    verbose_name = "物业考评"
