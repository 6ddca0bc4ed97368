"""Volunteers (1+4+X): teams, volunteers, service records, residents in need and pairings."""

from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "jiesu.volunteers"
    verbose_name = "志愿服务"

    def ready(self) -> None:
        from jiesu.accounts import access
        from jiesu.core.extensions import NavItem, demo_seeders, nav_items, report_sections, workbench_tiles
        from jiesu.volunteers import extensions
        from jiesu.volunteers.demo import volunteers_demo_seed
        from jiesu.volunteers.permissions import POLICIES, sees_any

        for policy in POLICIES:
            access.register(policy)
        nav_items.register(
            "volunteers", NavItem("志愿服务", "volunteers_home", sees_any, group="群众参与"), order=40
        )
        nav_items.register(
            "volunteers_residents",
            NavItem("困难群众结对", "volunteers_pairings", sees_any, group="群众参与"),
            order=41,
        )
        workbench_tiles.register("volunteers", extensions.volunteer_tiles, order=65)
        report_sections.register("volunteers", extensions.teams_section, order=65)
        demo_seeders.register("volunteers", volunteers_demo_seed, order=60)
