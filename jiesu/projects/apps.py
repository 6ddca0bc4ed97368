"""Proactive projects (主动治理 / 未诉先办): batches, projects, funding lines, effect."""

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "jiesu.projects"
    verbose_name = "主动治理"

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
        from jiesu.projects.demo import projects_demo_seed
        from jiesu.projects.permissions import BATCH_POLICY, PROJECT_POLICY
        from jiesu.projects.sections import batches_section
        from jiesu.projects.services import project_deadline_scan
        from jiesu.projects.tiles import project_tiles

        access.register(PROJECT_POLICY)
        access.register(BATCH_POLICY)
        nav_items.register(
            "projects",
            NavItem(
                "主动治理", "project_list", lambda user: not access.visibility(user).empty, group="协同治理"
            ),
            order=40,
        )
        workbench_tiles.register("projects", project_tiles, order=45)
        report_sections.register("projects_batches", batches_section, order=45)
        deadline_scans.register("projects", project_deadline_scan, order=45)
        demo_seeders.register("projects", projects_demo_seed, order=45)
