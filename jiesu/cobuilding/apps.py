from django.apps import AppConfig


class CobuildingConfig(AppConfig):
    name = "jiesu.cobuilding"
    verbose_name = "共建单位"

    def ready(self) -> None:
        from jiesu.accounts import access
        from jiesu.cobuilding.demo import cobuilding_demo_seed
        from jiesu.cobuilding.permissions import ACTIVITY_POLICY, PROFILE_POLICY, sees_cobuilding
        from jiesu.cobuilding.sections import activities_section
        from jiesu.cobuilding.tiles import activity_tiles
        from jiesu.core.extensions import NavItem, demo_seeders, nav_items, report_sections, workbench_tiles

        access.register(ACTIVITY_POLICY)
        access.register(PROFILE_POLICY)
        nav_items.register(
            "cobuilding", NavItem("共建单位", "cobuilding_list", sees_cobuilding, group="协同治理"), order=50
        )
        nav_items.register(
            "activities", NavItem("联建活动", "activity_list", sees_cobuilding, group="协同治理"), order=51
        )
        workbench_tiles.register("cobuilding", activity_tiles, order=60)
        report_sections.register("cobuilding_activities", activities_section, order=60)
        demo_seeders.register("cobuilding", cobuilding_demo_seed, order=60)
