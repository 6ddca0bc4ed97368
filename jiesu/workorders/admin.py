from django.contrib import admin

from jiesu.accounts.admin_site import MaskedAdmin, MaskedInline
from jiesu.workorders.models import Category, DeadlineRule, ExtensionRequest, WorkOrder, WorkOrderEvent


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["path", "level", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["path"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["appeal_type", "urgency", "response_hours", "resolve_working_days"]


class EventInline(MaskedInline):
    model = WorkOrderEvent
    pii_fields = {"note": "text"}
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "actor", "actor_unit", "at", "old", "new", "note", "level"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WorkOrder)
class WorkOrderAdmin(MaskedAdmin):
    """Read-only here: orders change only through the services (and so always with an event).
    Citizens' data is shown masked (the order page reveals it, logged)."""

    pii_fields = {
        "citizen_name": "name",
        "citizen_phone": "phone",
        "title": "text",
        "content": "text",
        "result": "text",
    }

    list_display = ["number", "channel", "received_at", "status", "community", "lead_unit"]
    list_filter = ["status", "channel", "appeal_type"]
    search_fields = ["number", "title"]
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ["order", "working_days", "state", "requested_by", "requested_at"]
    readonly_fields = ["order", "working_days", "reason", "state", "requested_by", "decided_by", "decided_at"]
