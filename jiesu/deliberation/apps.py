"""Deliberation (议事): programmes, representatives, topics, monthly pick, meetings, follow-up."""

from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "jiesu.deliberation"
    verbose_name = "居民议事"

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
        from jiesu.deliberation.demo import deliberation_demo_seed
        from jiesu.deliberation.extensions import PROGRAMME_KIND, deliberation_tiles, programmes_section
        from jiesu.deliberation.models import Programme, Task
        from jiesu.deliberation.panels import order_deliberation_panel
        from jiesu.deliberation.permissions import POLICIES
        from jiesu.deliberation.services import task_deadline_scan
        from jiesu.public.places import place_kinds
        from jiesu.workorders.hooks import order_panels

        for policy in POLICIES:
            access.register(policy)
        place_kinds.register("d", PROGRAMME_KIND, order=40)
        nav_items.register(
            "deliberation",
            NavItem(
                "居民议事",
                "deliberation_list",
                lambda user: access.can(user, "export", Programme),
                group="群众参与",
            ),
            order=20,
        )
        nav_items.register(
            "deliberation_tasks",
            NavItem(
                "议定事项",
                "deliberation_tasks",
                lambda user: access.can(user, "export", Task) and not access.can(user, "export", Programme),
                group="群众参与",
            ),
            order=21,
        )
        workbench_tiles.register("deliberation", deliberation_tiles, order=40)
        report_sections.register("deliberation", programmes_section, order=40)
        deadline_scans.register("deliberation", task_deadline_scan, order=40)
        order_panels.register("deliberation", order_deliberation_panel, order=40)
        demo_seeders.register("deliberation", deliberation_demo_seed, order=45)
