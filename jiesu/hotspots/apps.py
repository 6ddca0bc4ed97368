from django.apps import AppConfig


class HotspotsConfig(AppConfig):
    name = "jiesu.hotspots"
    verbose_name = "热点预警"

    def ready(self) -> None:
        from jiesu.accounts import access
        from jiesu.core.extensions import NavItem, nav_items
        from jiesu.hotspots.permissions import POLICY

        access.register(POLICY)
        nav_items.register(
            "hotspots",
            NavItem("预警", "hotspot_alerts", lambda user: not access.visibility(user).empty),
            order=35,
        )
        nav_items.register(
            "map", NavItem("地图", "hotspot_map", lambda user: not access.visibility(user).empty), order=40
        )
