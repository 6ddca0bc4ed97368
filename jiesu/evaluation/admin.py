"""Master data in the admin: indicator system versions (frozen once a round uses them), the
rectification rules. Rounds, inspections and ledger items change only through the pages, which
audit every step; here they are read-only."""

from django.contrib import admin, messages

from jiesu.core.errors import DomainError
from jiesu.evaluation import services
from jiesu.evaluation.models import (
    Indicator,
    IndicatorCategory,
    IndicatorSystem,
    Inspection,
    LedgerEvent,
    LedgerItem,
    RectificationRule,
    Round,
)


def _frozen(system: IndicatorSystem | None) -> bool:
    return system is not None and system.pk is not None and system.in_use


class IndicatorCategoryInline(admin.TabularInline):
    model = IndicatorCategory
    extra = 0
    fields = ("code", "name", "order")
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(IndicatorSystem)
class IndicatorSystemAdmin(admin.ModelAdmin):
    list_display = ("version", "name", "total", "used", "created_at")
    readonly_fields = ("version", "based_on", "created_at")
    inlines = [IndicatorCategoryInline]
    actions = ["copy_as_new_version"]

    @admin.display(description="总分")
    def total(self, obj):
        return obj.total_score

    @admin.display(description="已用于考评", boolean=True)
    def used(self, obj):
        return obj.in_use

    def has_add_permission(self, request):
        return False  # a new version starts as a copy (the action below)

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    @admin.action(description="复制为新版本")
    def copy_as_new_version(self, request, queryset):
        for system in queryset.order_by("version"):
            try:
                copy = services.indicator_system_copy(system_id=system.pk, actor=request.user)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
                return
            self.message_user(request, f"已复制为第{copy.version}版，可修改后用于新的考评轮次。")


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0
    fields = (("code", "name", "max_score", "order"), "standard", "deduction_rule")

    def _frozen(self, obj) -> bool:
        return obj is not None and _frozen(obj.system)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(IndicatorCategory)
class IndicatorCategoryAdmin(admin.ModelAdmin):
    list_display = ("__str__", "system", "order")
    list_filter = ("system",)
    inlines = [IndicatorInline]

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and _frozen(obj.system)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and _frozen(obj.system)) and super().has_delete_permission(request, obj)


@admin.register(RectificationRule)
class RectificationRuleAdmin(admin.ModelAdmin):
    list_display = ("severity", "rectify_working_days", "lookback_days")
    list_editable = ("rectify_working_days", "lookback_days")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ("name", "status", "period_start", "period_end", "system")


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "status", "score", "inspected_on", "evaluator")
    list_filter = ("round", "status")


class LedgerEventInline(admin.TabularInline):
    model = LedgerEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "actor", "actor_unit", "at", "old", "new", "note")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LedgerItem)
class LedgerItemAdmin(ReadOnlyAdmin):
    list_display = ("pk", "project", "compound", "severity", "status", "pointed_at", "rectify_due")
    list_filter = ("status", "severity", "round")
    search_fields = ("description",)
    inlines = [LedgerEventInline]
