from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jiesu.core"
    verbose_name = "基础"

    def ready(self) -> None:
        from jiesu.accounts import access
        from jiesu.core.extensions import workbench_tiles
        from jiesu.core.notices import calendar_tiles
        from jiesu.core.permissions import POLICY

        access.register(POLICY)
        workbench_tiles.register("calendar", calendar_tiles, order=90)
