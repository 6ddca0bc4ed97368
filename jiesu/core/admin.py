"""The admin's branding and the working-day calendar: days, a year's notice form, its audit trail."""

from datetime import date, timedelta

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse

from jiesu.core import holidays
from jiesu.core.calendar import LIBRARY_YEARS
from jiesu.core.errors import DomainError
from jiesu.core.forms import HolidayNoticeForm
from jiesu.core.models import CalendarDay, CalendarEvent
from jiesu.core.selectors import calendar_gap

admin.site.site_header = "接诉 · 管理后台"
admin.site.site_title = "接诉管理后台"
admin.site.index_title = "接诉即办 · 基础数据与设置"


def day_ranges(days: list[date]) -> list[tuple[date, date, int]]:
    """Consecutive days as (first, last, count)."""
    ranges: list[tuple[date, date, int]] = []
    for day in days:
        if ranges and ranges[-1][1] + timedelta(days=1) == day:
            first, _, count = ranges[-1]
            ranges[-1] = (first, day, count + 1)
        else:
            ranges.append((day, day, 1))
    return ranges


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Each save or delete goes through the calendar services, which audit it (CalendarEvent)."""

    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
    change_list_template = "admin/core/calendarday/change_list.html"

    def get_urls(self):
        notice = path("notice/", self.admin_site.admin_view(self.notice_view), name="core_calendarday_notice")
        return [notice, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        gap = calendar_gap()
        if gap.days:
            messages.warning(request, gap.message)
        return super().changelist_view(request, extra_context=extra_context)

    def save_model(self, request, obj, form, change):
        if change and "date" in form.changed_data:
            holidays.calendar_day_delete(day=form.initial["date"], actor=request.user)
        saved = holidays.calendar_day_set(
            day=obj.date, is_workday=obj.is_workday, note=obj.note, actor=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        holidays.calendar_day_delete(day=obj.date, actor=request.user)

    def delete_queryset(self, request, queryset):
        for day in queryset.order_by("date").values_list("date", flat=True):
            holidays.calendar_day_delete(day=day, actor=request.user)

    def notice_view(self, request: HttpRequest) -> HttpResponse:
        """录入放假通知: a year's days off and make-up working days, pasted or typed."""
        if not self.has_change_permission(request):
            messages.error(request, "您没有维护工作日历的权限。")
            form = None
        else:
            form = HolidayNoticeForm(request.POST or None)
        result = None
        if form is not None and request.method == "POST" and form.is_valid():
            try:
                result = holidays.calendar_notice_enter(**form.cleaned_data, actor=request.user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    f"已录入 {result.year} 年的放假安排：放假 {result.notice.days_off} 天，"
                    f"调休上班 {result.notice.workdays} 天。新登记工单的办理时限将按此计算。",
                )
                form = HolidayNoticeForm(initial={"year": result.year + 1})
        gap = calendar_gap()
        context = {
            **self.admin_site.each_context(request),
            "title": "录入放假通知",
            "opts": self.model._meta,
            "form": form,
            "result": result,
            "gap": gap,
            "gap_ranges": day_ranges(gap.days),
            "entered": CalendarEvent.objects.filter(kind=CalendarEvent.Kind.NOTICE)
            .select_related("actor")
            .order_by("-at")[:20],
            "changelist_url": reverse("admin:core_calendarday_changelist"),
            "library_years": (min(LIBRARY_YEARS), max(LIBRARY_YEARS)),
        }
        status = 400 if form is not None and form.errors else 200
        return render(request, "admin/core/calendarday/notice.html", context, status=status)


@admin.register(CalendarEvent)
class CalendarEventAdmin(admin.ModelAdmin):
    """Read-only: the calendar's audit trail."""

    list_display = ["at", "kind", "year", "actor", "note"]
    list_filter = ["kind", "year"]
    readonly_fields = ["kind", "year", "actor", "actor_unit", "at", "old", "new", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
