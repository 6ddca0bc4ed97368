"""Master data of the co-building committee: member profiles with their resources, activity types.
Joint activities are recorded on the pages (audited); the admin shows them read-only."""

from django.contrib import admin

from jiesu.cobuilding.models import ActivityEvent, ActivityType, CobuildingProfile, JointActivity, Resource


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 1


@admin.register(CobuildingProfile)
class CobuildingProfileAdmin(admin.ModelAdmin):
    list_display = ("unit", "community", "joined_on", "contact_name", "contact_phone")
    list_filter = ("community",)
    search_fields = ("unit__name",)
    inlines = [ResourceInline]


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "sort", "is_active")
    list_editable = ("sort", "is_active")


class ActivityEventInline(admin.TabularInline):
    model = ActivityEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("at", "kind", "actor", "actor_unit", "old", "new", "note")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(JointActivity)
class JointActivityAdmin(admin.ModelAdmin):
    list_display = ("date", "title", "type", "community", "status", "participants")
    list_filter = ("status", "type", "community")
    search_fields = ("title", "place")
    inlines = [ActivityEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
