"""Grid groups, members and matters, read-only here: they change only through the pages, which
audit every step (`GridEvent`)."""

from django.contrib import admin

from jiesu.grid.models import GridEvent, GridGroup, GridMatter, GridMember


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MemberInline(admin.TabularInline):
    model = GridMember
    extra = 0
    can_delete = False
    fields = ("name", "role", "user", "is_active")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(GridGroup)
class GridGroupAdmin(ReadOnlyAdmin):
    list_display = ("name", "community", "kind", "is_active", "created_at")
    list_filter = ("kind", "community")
    inlines = [MemberInline]


@admin.register(GridMatter)
class GridMatterAdmin(ReadOnlyAdmin):
    list_display = ("title", "community", "group", "tier", "status", "reported_at", "order")
    list_filter = ("tier", "status", "community")
    search_fields = ("title",)
    date_hierarchy = "reported_at"


@admin.register(GridEvent)
class GridEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "actor", "group", "matter", "note")
    list_filter = ("kind",)
