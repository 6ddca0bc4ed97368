"""The Chinese working-day calendar: pure functions, no database.

Statutory holidays and make-up working days (调休) come from the maintained `chinesecalendar`
package; the street's own additions (CalendarDay rows edited in the admin) override it. Years the
package does not know fall back to Monday–Friday until the admin adds that year's days.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class WorkCalendar:
    overrides: Mapping[date, bool] = field(default_factory=dict)

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (start itself is not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        remaining = days
        while remaining:
            current += timedelta(days=1)
            if self.is_workday(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_workday(start + timedelta(days=n)))

    def resolve_deadline(self, received: datetime, working_days: int, tz: ZoneInfo) -> datetime:
        """End of the `working_days`-th working day after the local date of `received`."""
        local_day = received.astimezone(tz).date()
        return datetime.combine(self.add_working_days(local_day, working_days), END_OF_DAY, tzinfo=tz)
