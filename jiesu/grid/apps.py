"""Grid groups (4+1+N) and tiered handling of grid matters (小事/大事/难点)."""

from django.apps import AppConfig


class GridConfig(AppConfig):
    name = "jiesu.grid"
    verbose_name = "网格治理"

    def ready(self) -> None:
        from jiesu.accounts import access
        from jiesu.core.extensions import NavItem, demo_seeders, nav_items, report_sections, workbench_tiles
        from jiesu.grid import extensions
        from jiesu.grid.demo import grid_demo_seed
        from jiesu.grid.permissions import POLICIES, sees_any
        from jiesu.workorders.hooks import order_panels

        for policy in POLICIES:
            access.register(policy)
        nav_items.register("grid", NavItem("网格事项", "grid_matters", sees_any, group="群众参与"), order=45)
        nav_items.register(
            "grid_groups", NavItem("网格群组", "grid_groups", sees_any, group="群众参与"), order=46
        )
        workbench_tiles.register("grid", extensions.grid_tiles, order=66)
        report_sections.register("grid_matters", extensions.matters_section, order=66)
        report_sections.register("grid_zero_months", extensions.zero_months_section, order=67)
        order_panels.register("grid", extensions.order_panel, order=35)
        demo_seeders.register("grid", grid_demo_seed, order=61)
