from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class TriageConfig(AppConfig):
    name = "jiesu.triage"
    verbose_name = "智能分拣"

    def ready(self) -> None:
        # Cache invalidation only (no business logic in signals): the place extractor and the
        # routing rules are built once per process and rebuilt when their rows change.
        from jiesu.places.models import Building, Community, Compound
        from jiesu.triage.models import RoutingRule, TriageSettings
        from jiesu.triage.selectors import triage_caches_clear

        def clear(sender, **kwargs) -> None:
            triage_caches_clear()

        for model in (Community, Compound, Building, RoutingRule, TriageSettings):
            post_save.connect(clear, sender=model, weak=False, dispatch_uid=f"triage-{model.__name__}-save")
            post_delete.connect(clear, sender=model, weak=False, dispatch_uid=f"triage-{model.__name__}-del")
