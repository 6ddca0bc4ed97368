"""Warnings for the people who can act on them: the calendar running out of known holidays.

Shown as a workbench tile (`core.extensions.workbench_tiles`) to centre admins who may maintain
the calendar; its count is the number of days ahead still guessed, and its link opens the admin's
notice form, which lists those days (`data-total` equals the count).
"""

from django.urls import reverse

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.core.extensions import Tile
from jiesu.core.selectors import calendar_gap


def may_maintain_calendar(user) -> bool:
    return (
        access.role_of(user) == Role.CENTRE_ADMIN
        and user.is_staff
        and user.has_perm("core.change_calendarday")
    )


def calendar_tiles(user) -> list[Tile]:
    if not may_maintain_calendar(user):
        return []
    gap = calendar_gap()
    if not gap.days:
        return []
    years = "、".join(str(year) for year in gap.years)
    return [
        Tile(
            label=f"{years}年放假安排未录入（天）",
            count=len(gap.days),
            url=reverse("admin:core_calendarday_notice"),
            tone="danger",
            group="系统提醒",
        )
    ]
