from django.contrib import admin

from jiesu.hotspots.models import Alert, AlertEvent, HotspotRule


@admin.register(HotspotRule)
class HotspotRuleAdmin(admin.ModelAdmin):
    list_display = (
        "name", "enabled", "place_level", "category_level", "window_hours", "min_count", "p_value",
        "floor_per_month", "last_scan_at",
    )  # fmt: skip
    list_editable = ("enabled", "window_hours", "min_count", "p_value")
    readonly_fields = ("last_scan_at",)


class AlertEventInline(admin.TabularInline):
    model = AlertEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "actor", "at", "old", "new", "note")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    """Read-only: alerts change through the pages (acknowledge, link an action), which audit."""

    list_display = ("__str__", "community", "status", "raised_at", "order_count", "expected", "p_value")
    list_filter = ("status", "rule", "community")
    inlines = [AlertEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
