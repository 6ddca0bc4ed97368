from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "jiesu.registers"
    verbose_name = "点位台账"

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
        from jiesu.registers.demo import registers_demo_seed
        from jiesu.registers.links import POINT_LINK
        from jiesu.registers.panels import order_points_panel
        from jiesu.registers.permissions import (
            CAMPAIGN_POLICY,
            POINT_POLICY,
            REGISTER_POLICY,
            TASK_POLICY,
            sees_any,
        )
        from jiesu.registers.sections import points_section
        from jiesu.registers.services import register_deadline_scan
        from jiesu.registers.tiles import register_tiles
        from jiesu.whistles.links import link_kinds
        from jiesu.workorders.hooks import order_panels

        for policy in (REGISTER_POLICY, POINT_POLICY, CAMPAIGN_POLICY, TASK_POLICY):
            access.register(policy)
        nav_items.register(
            "registers", NavItem("点位台账", "register_index", sees_any, group="协同治理"), order=20
        )
        workbench_tiles.register("registers", register_tiles, order=35)
        report_sections.register("register_points", points_section, order=35)
        order_panels.register("registers", order_points_panel, order=35)
        link_kinds.register("point", POINT_LINK, order=20)
        deadline_scans.register("registers", register_deadline_scan, order=35)
        demo_seeders.register("registers", registers_demo_seed, order=35)
