"""Public pages for residents and riders: QR submission, tracking by code, rating, posters."""

from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "jiesu.public"
    verbose_name = "公众端"

    def ready(self) -> None:
        from jiesu.accounts import access
        from jiesu.core.extensions import NavItem, demo_seeders, nav_items
        from jiesu.public import permissions, places
        from jiesu.public.demo import public_demo_seed
        from jiesu.public.panels import submission_panel
        from jiesu.workorders.hooks import order_panels

        access.register(permissions.POLICY)
        access.register(places.POLICY)
        nav_items.register(
            "public_submissions",
            NavItem(
                "扫码与小哥说事",
                "public_submissions",
                lambda user: not access.visibility(user).empty,
                group="群众参与",
            ),
            order=10,
        )
        nav_items.register(
            "public_posters",
            NavItem(
                "二维码海报",
                "public_posters",
                lambda user: access.is_street_wide(user) or access.visibility(user).community_id is not None,
                group="群众参与",
            ),
            order=11,
        )
        order_panels.register("public_submission", submission_panel, order=30)
        demo_seeders.register("public", public_demo_seed, order=40)
