from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class TriageConfig(AppConfig):
    name = "jiesu.triage"
    verbose_name = "智能分拣"

    def ready(self) -> None:
        from jiesu.accounts import access
        from jiesu.core.extensions import (
            deadline_scans,
            demo_seeders,
            job_result_templates,
            nav_items,
            workbench_tiles,
        )
        from jiesu.triage import extensions
        from jiesu.triage.demo import triage_demo_seed
        from jiesu.triage.jobs import REPLAY_KIND, TRAIN_KIND
        from jiesu.triage.models import RoutingRule, TriageSettings
        from jiesu.triage.permissions import POLICY
        from jiesu.triage.selectors import triage_caches_clear
        from jiesu.triage.services import triage_guard_check
        from jiesu.triage.tasks import triage_order_registered
        from jiesu.workorders.hooks import order_filters, order_panels, order_registered

        order_registered.register("triage", triage_order_registered)
        order_panels.register("triage", extensions.suggestions_panel, order=10)
        order_filters.register("needs_human", extensions.NEEDS_HUMAN)
        workbench_tiles.register("triage", extensions.needs_human_tile, order=15)
        nav_items.register("triage", extensions.NAV, order=45)
        access.register(POLICY)
        deadline_scans.register("triage_guard", triage_guard_check, order=90)
        job_result_templates.register(TRAIN_KIND, "triage/_train_result.html")
        job_result_templates.register(REPLAY_KIND, "triage/_replay_result.html")
        # after the apps whose demo orders it learns from (order 100: last of the seeders)
        demo_seeders.register("triage", triage_demo_seed, order=100)

        # Cache invalidation only (no business logic in signals): the routing rules and settings
        # are built once per process and rebuilt when their rows change (the gazetteer's own
        # invalidation lives in places).
        def clear(sender, **kwargs) -> None:
            triage_caches_clear()

        for model in (RoutingRule, TriageSettings):
            post_save.connect(clear, sender=model, weak=False, dispatch_uid=f"triage-{model.__name__}-save")
            post_delete.connect(clear, sender=model, weak=False, dispatch_uid=f"triage-{model.__name__}-del")
