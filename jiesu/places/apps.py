from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PlacesConfig(AppConfig):
    name = "jiesu.places"
    verbose_name = "辖区"

    def ready(self) -> None:
        # Cache invalidation only (no business logic in signals): the one gazetteer, which intake
        # and triage both read, is rebuilt when a community, compound or building changes.
        # Models can only be imported once the app registry is ready, hence here.
        from jiesu.places.models import Building, Community, Compound
        from jiesu.places.selectors import gazetteer_clear

        def clear(sender, **kwargs) -> None:
            gazetteer_clear()

        for model in (Community, Compound, Building):
            post_save.connect(
                clear, sender=model, weak=False, dispatch_uid=f"gazetteer-{model.__name__}-save"
            )
            post_delete.connect(
                clear, sender=model, weak=False, dispatch_uid=f"gazetteer-{model.__name__}-del"
            )
