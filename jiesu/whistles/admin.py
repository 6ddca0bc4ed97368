"""Master data of 吹哨报到 (deadline rules, working hours) and a read-only view of whistles: they
change only through the pages, which audit every step."""

from django.contrib import admin

from jiesu.whistles.models import CheckInRule, Summons, Whistle, WhistleEvent, WhistleSettings


@admin.register(CheckInRule)
class CheckInRuleAdmin(admin.ModelAdmin):
    list_display = ("urgency", "working_hours", "note")
    list_editable = ("working_hours", "note")


@admin.register(WhistleSettings)
class WhistleSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "workday_opens", "workday_closes", "supervise_after_hours")

    def has_add_permission(self, request):
        return not WhistleSettings.objects.exists()


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SummonsInline(ReadOnlyInline):
    model = Summons
    fields = ("unit", "status", "check_in_due", "checked_in_at", "on_time", "solved_at", "rated_at")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = WhistleEvent
    fields = ("at", "kind", "summons", "actor", "actor_unit", "old", "new", "note")
    readonly_fields = fields


@admin.register(Whistle)
class WhistleAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "community", "urgency", "status", "blown_at")
    list_filter = ("status", "urgency", "community")
    search_fields = ("number", "title")
    inlines = [SummonsInline, EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
