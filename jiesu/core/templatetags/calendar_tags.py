"""The calendar warning on the admin's index page, for those who may maintain the calendar."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from jiesu.core.selectors import calendar_gap

register = template.Library()


@register.simple_tag
def calendar_warning(user) -> str:
    if not user.is_authenticated or not user.has_perm("core.change_calendarday"):
        return ""
    gap = calendar_gap()
    if not gap.days:
        return ""

    return format_html(
        '<ul class="messagelist"><li class="warning">{} <a href="{}">录入放假通知</a></li></ul>',
        gap.message,
        reverse("admin:core_calendarday_notice"),
    )
