from django.contrib import admin

from jiesu.triage.models import Correction, ModelVersion, RoutingRule, TriageResult, TriageSettings


@admin.register(TriageSettings)
class TriageSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "auto_dispatch_enabled",
        "category_threshold",
        "place_threshold",
        "unit_threshold",
    ]

    def has_add_permission(self, request) -> bool:
        return not TriageSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "category",
        "community",
        "compound_kind",
        "has_property",
        "target",
        "unit",
        "priority",
        "is_active",
    ]
    list_filter = ["is_active", "target", "compound_kind", "has_property"]
    autocomplete_fields = []
    list_select_related = ["category", "community", "unit"]
    search_fields = ["name"]


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "created_at", "trained_on", "is_active"]
    exclude = ["blob"]
    readonly_fields = ["version", "created_at", "trained_on", "labels", "evaluation"]

    def has_add_permission(self, request) -> bool:
        return False  # versions come from `jiesu triage train`


@admin.register(TriageResult)
class TriageResultAdmin(admin.ModelAdmin):
    list_display = [
        "order",
        "category",
        "category_confidence",
        "compound",
        "unit",
        "urgency",
        "auto_dispatched",
        "needs_human",
    ]
    list_filter = ["auto_dispatched", "needs_human", "urgency"]
    raw_id_fields = ["order"]
    list_select_related = ["order", "category", "compound", "unit"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["order", "field", "suggested", "chosen", "actor", "at"]
    list_filter = ["field"]
    raw_id_fields = ["order"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
