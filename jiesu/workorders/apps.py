from django.apps import AppConfig


class WorkordersConfig(AppConfig):
    name = "jiesu.workorders"
    verbose_name = "工单"

    def ready(self) -> None:
        from jiesu.accounts import access
        from jiesu.core.extensions import NavItem, deadline_scans, nav_items, workbench_tiles
        from jiesu.workorders.models import WorkOrder
        from jiesu.workorders.permissions import POLICY
        from jiesu.workorders.services.supervision import sla_scan
        from jiesu.workorders.tiles import order_tiles

        access.register(POLICY)
        nav_items.register("workbench", NavItem("工作台", "workbench"), order=10)
        nav_items.register(
            "orders",
            NavItem("工单", "order_list", lambda user: access.can(user, "export", WorkOrder)),
            order=20,
        )
        nav_items.register(
            "order_new",
            NavItem("登记", "order_new", lambda user: access.can(user, "create", WorkOrder)),
            order=60,
        )
        workbench_tiles.register("workorders", order_tiles, order=10)
        from jiesu.places.models import Community, Compound
        from jiesu.units.models import Unit
        from jiesu.workorders.forms import MASTER_CHOICES
        from jiesu.workorders.models import Category

        MASTER_CHOICES.clear_on_change(Community, Compound, Unit, Category)  # cache invalidation only
        deadline_scans.register("workorders", lambda *, now=None: sla_scan(now=now).as_dict(), order=10)
