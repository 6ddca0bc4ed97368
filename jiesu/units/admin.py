from django.contrib import admin

from jiesu.units.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "community", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
