"""Master data of 主动治理 (batches, project types) and a read-only view of projects: they change
only through the pages, which audit every step."""

from django.contrib import admin

from jiesu.projects.models import Batch, Project, ProjectEvent, ProjectType


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "opens_on", "closes_on")
    list_filter = ("year",)
    search_fields = ("name",)


@admin.register(ProjectType)
class ProjectTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "is_active")
    list_editable = ("is_active",)
    autocomplete_fields = ("category",)
    search_fields = ("name",)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnly):
    list_display = ("number", "title", "batch", "type", "community", "status", "budget")
    list_filter = ("batch", "status", "type")
    search_fields = ("number", "title")


@admin.register(ProjectEvent)
class ProjectEventAdmin(ReadOnly):
    list_display = ("project", "kind", "actor", "at")
    list_filter = ("kind",)
