from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "jiesu.insight"
    verbose_name = "数据分析"

    def ready(self) -> None:
        from jiesu.accounts import access
        from jiesu.core.extensions import NavItem, demo_seeders, nav_items
        from jiesu.insight.seeds import seasonal_rules_seed

        nav_items.register(
            "insight",
            NavItem("数据", "insight_dashboard", lambda user: not access.visibility(user).empty),
            order=30,
        )
        demo_seeders.register("insight", seasonal_rules_seed, order=80)
