from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from jiesu.accounts.models import PiiAccessLog, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("接诉即办", {"fields": ("display_name", "role", "unit", "phone")}),
    )
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("接诉即办", {"fields": ("display_name", "role", "unit")}))
    autocomplete_fields = ["unit"]


@admin.register(PiiAccessLog)
class PiiAccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "order", "reason"]
    readonly_fields = ["at", "user", "order", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
