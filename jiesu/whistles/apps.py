from django.apps import AppConfig


class WhistlesConfig(AppConfig):
    name = "jiesu.whistles"
    verbose_name = "吹哨报到"

    def ready(self) -> None:
        from jiesu.accounts import access
        from jiesu.core.extensions import (
            NavItem,
            deadline_scans,
            demo_seeders,
            nav_items,
            report_sections,
            workbench_tiles,
        )
        from jiesu.whistles.demo.seed import whistles_demo_seed
        from jiesu.whistles.panels import order_whistles_panel
        from jiesu.whistles.permissions import SUMMONS_POLICY, WHISTLE_POLICY
        from jiesu.whistles.sections import communities_section, units_section
        from jiesu.whistles.services import whistle_deadline_scan
        from jiesu.whistles.tiles import whistle_tiles
        from jiesu.workorders.hooks import order_panels

        access.register(WHISTLE_POLICY)
        access.register(SUMMONS_POLICY)
        nav_items.register(
            "whistles",
            NavItem(
                "吹哨报到", "whistle_list", lambda user: not access.visibility(user).empty, group="协同治理"
            ),
            order=10,
        )
        workbench_tiles.register("whistles", whistle_tiles, order=30)
        report_sections.register("whistle_units", units_section, order=30)
        report_sections.register("whistle_communities", communities_section, order=31)
        deadline_scans.register("whistles", whistle_deadline_scan, order=30)
        order_panels.register("whistles", order_whistles_panel, order=30)
        demo_seeders.register("whistles", whistles_demo_seed, order=30)
