"""Master data of 点位台账 (topics with their order categories and time limits, campaigns) and
read-only views of registers and points: points change only through the pages, which audit
every step."""

from django.contrib import admin

from jiesu.registers.models import Campaign, CampaignTask, Point, Register, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "days_to_close", "is_active")
    list_editable = ("days_to_close", "is_active")
    filter_horizontal = ("categories",)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "topic", "starts_on", "ends_on")
    filter_horizontal = ("compounds",)
    readonly_fields = ("created_by", "created_at")

    def has_add_permission(self, request):
        return False  # planned on its page (campaign_plan), with its creator recorded


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Register)
class RegisterAdmin(ReadOnly):
    list_display = ("compound", "topic", "community", "created_at")
    list_filter = ("topic", "community")


@admin.register(Point)
class PointAdmin(ReadOnly):
    list_display = ("register", "place_name", "status", "source", "cadre", "registered_at", "due_on")
    list_filter = ("status", "source", "register__topic")
    search_fields = ("description", "source_ref")


@admin.register(CampaignTask)
class CampaignTaskAdmin(ReadOnly):
    list_display = ("campaign", "title", "compound", "owner", "due_on", "status")
    list_filter = ("campaign", "status")
