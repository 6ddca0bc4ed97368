"""Reads of the core tables: the working-day calendar and how far ahead it is known."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from jiesu.core.calendar import WorkCalendar
from jiesu.core.models import CalendarDay, CalendarEvent

CALENDAR_HORIZON_DAYS = 60  # warn when holidays within this many days are still guessed


def calendar_current() -> WorkCalendar:
    """The working-day calendar with the admin's overrides and entered years applied."""
    return WorkCalendar(
        overrides=dict(CalendarDay.objects.values_list("date", "is_workday")),
        entered_years=frozenset(
            CalendarEvent.objects.filter(kind=CalendarEvent.Kind.NOTICE).values_list("year", flat=True)
        ),
    )


@dataclass(frozen=True)
class CalendarGap:
    """Days ahead whose year's holidays are not known: deadlines there count Monday–Friday."""

    days: list[date]
    horizon: int

    @property
    def years(self) -> list[int]:
        return sorted({day.year for day in self.days})

    @property
    def message(self) -> str:
        if not self.days:
            return ""
        years = "、".join(f"{year} 年" for year in self.years)
        return (
            f"未来 {self.horizon} 天中有 {len(self.days)} 天（{self.days[0]:%Y-%m-%d} 起）属于 {years}，"
            f"其法定节假日和调休安排尚未录入：这些日子的办理时限暂按周一至周五计算，可能不准。"
            f"请在管理后台“日历调整 → 录入放假通知”中录入国务院办公厅的放假通知。"
        )


def calendar_gap(*, today: date | None = None, horizon: int = CALENDAR_HORIZON_DAYS) -> CalendarGap:
    today = today or timezone.localdate()
    return CalendarGap(days=calendar_current().uncovered(today, horizon + 1), horizon=horizon)
