from django.apps import AppConfig


class WorkordersConfig(AppConfig):
    name = "jiesu.workorders"
    verbose_name = "工单"
