"""Delivery riders: rest stations (小憩驿站), benefits cards, riders' reports (小哥说事)."""

from django.apps import AppConfig


class RidersConfig(AppConfig):
    name = "jiesu.riders"
    verbose_name = "新就业群体"

    def ready(self) -> None:
        from jiesu.accounts import access
        from jiesu.core.extensions import NavItem, demo_seeders, nav_items, report_sections, workbench_tiles
        from jiesu.public.places import place_kinds
        from jiesu.riders import extensions
        from jiesu.riders.demo import riders_demo_seed
        from jiesu.riders.models import BenefitUse, RestStation, Rider, RiderReport
        from jiesu.riders.permissions import POLICIES
        from jiesu.workorders.hooks import order_panels

        for policy in POLICIES:
            access.register(policy)
        place_kinds.register("s", extensions.STATION_KIND, order=30)
        nav_items.register(
            "riders_stations",
            NavItem(
                "小憩驿站",
                "riders_stations",
                lambda user: access.can(user, "export", RestStation),
                group="群众参与",
            ),
            order=30,
        )
        nav_items.register(
            "riders_verify",
            NavItem(
                "核验暖心卡",
                "riders_verify",
                lambda user: access.can(user, "verify", RestStation),
            ),
            order=31,
        )
        nav_items.register(
            "riders_benefits",
            NavItem(
                "暖心卡使用",
                "riders_benefits",
                lambda user: access.can(user, "export", BenefitUse),
                group="群众参与",
            ),
            order=32,
        )
        nav_items.register(
            "riders_reports",
            NavItem(
                "小哥说事",
                "riders_reports",
                lambda user: access.can(user, "export", RiderReport),
                group="群众参与",
            ),
            order=33,
        )
        nav_items.register(
            "riders_riders",
            NavItem(
                "骑手名册", "riders_riders", lambda user: access.can(user, "view", Rider), group="群众参与"
            ),
            order=34,
        )
        workbench_tiles.register("riders", extensions.rider_tiles, order=60)
        report_sections.register("riders_benefits", extensions.benefits_section, order=60)
        report_sections.register("riders_reports", extensions.reports_section, order=61)
        order_panels.register("rider_report", extensions.report_panel, order=31)
        demo_seeders.register("riders", riders_demo_seed, order=50)
