"""Programmes and representatives in the admin; meetings, topics and tasks read-only (they change
only through the pages, which audit every step)."""

from django.contrib import admin

from jiesu.deliberation.models import (
    DeliberationEvent,
    Meeting,
    Programme,
    Representative,
    Task,
    Topic,
    TopicSubmission,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(ReadOnly):
    list_display = ("name", "community", "audience", "started_on", "order_channel", "is_active")
    list_filter = ("audience", "is_active")


@admin.register(Representative)
class RepresentativeAdmin(ReadOnly):
    list_display = ("masked_name", "programme", "building", "grid", "term_start", "term_end")
    list_filter = ("programme",)
    exclude = ("name", "phone")


@admin.register(TopicSubmission)
class SubmissionAdmin(ReadOnly):
    list_display = ("__str__", "programme", "channel", "submitted_at", "topic")
    list_filter = ("programme", "channel")
    exclude = ("submitter_name", "submitter_phone")


@admin.register(Topic)
class TopicAdmin(ReadOnly):
    list_display = ("title", "programme", "month", "rank", "status")
    list_filter = ("programme", "status")


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ("programme", "held_at", "place", "status")
    list_filter = ("programme", "status")


@admin.register(Task)
class TaskAdmin(ReadOnly):
    list_display = ("decision", "owner_unit", "deadline", "status")
    list_filter = ("status",)


@admin.register(DeliberationEvent)
class EventAdmin(ReadOnly):
    list_display = ("at", "programme", "kind", "actor")
    list_filter = ("kind",)
