"""The teams are master data (edited here); volunteers, records and pairings are read-only here —
they change only through the pages, which audit every step. The register of residents in need is
not in the admin: its names are shown only masked, on the pages (a reveal is logged)."""

from django.contrib import admin

from jiesu.core.masking import mask_phone
from jiesu.volunteers.models import Pairing, ServiceRecord, Team, Volunteer, VolunteerEvent


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "focus", "is_active")
    list_editable = ("focus", "is_active")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Volunteer)
class VolunteerAdmin(ReadOnlyAdmin):
    list_display = ("name", "masked_phone", "kind", "team", "community", "status", "joined_on")
    list_filter = ("team", "kind", "status", "community")
    search_fields = ("name", "skills")
    exclude = ("phone",)

    @admin.display(description="手机号")
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ReadOnlyAdmin):
    list_display = ("served_on", "volunteer", "team", "community", "mode", "nature", "hours", "content")
    list_filter = ("team", "mode", "nature", "community")
    date_hierarchy = "served_on"


@admin.register(Pairing)
class PairingAdmin(ReadOnlyAdmin):
    list_display = ("pk", "resident", "volunteer", "started_on", "last_visit_on", "next_visit_due", "status")
    list_filter = ("status",)


@admin.register(VolunteerEvent)
class VolunteerEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "actor", "volunteer", "resident", "pairing", "note")
    list_filter = ("kind",)
