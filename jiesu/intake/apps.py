from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "jiesu.intake"
    verbose_name = "受理与导入"

    def ready(self) -> None:
        from jiesu.accounts import access
        from jiesu.core.extensions import NavItem, job_result_templates, nav_items
        from jiesu.workorders.models import WorkOrder

        nav_items.register(
            "import",
            NavItem("导入", "import_orders", lambda user: access.can(user, "import", WorkOrder)),
            order=65,
        )
        job_result_templates.register("import", "intake/_import_result.html")
        job_result_templates.register("export", "intake/_export_result.html")
