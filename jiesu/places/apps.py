from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PlacesConfig(AppConfig):
    name = "jiesu.places"
    verbose_name = "辖区"

    def ready(self) -> None:
        # Cache invalidation only (no business logic in signals): the gazetteer's name index.
        # Models can only be imported once the app registry is ready, hence here.
        from jiesu.places.models import Building, Community, Compound
        from jiesu.places.selectors import name_index_clear

        def clear(sender, **kwargs) -> None:
            name_index_clear()

        for model in (Community, Compound, Building):
            post_save.connect(
                clear, sender=model, weak=False, dispatch_uid=f"gazetteer-{model.__name__}-save"
            )
            post_delete.connect(
                clear, sender=model, weak=False, dispatch_uid=f"gazetteer-{model.__name__}-del"
            )
