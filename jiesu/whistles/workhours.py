"""Working hours on the working-day calendar: the clock 报到时限 runs on. Pure, no database.

A working day (`WorkCalendar.is_workday`: statutory holidays and 调休 make-up days included)
counts the hours between its opening and closing time (by default 08:30–17:30, nine hours);
nights, weekends and holidays do not count. A whistle blown on Friday at 16:30 with a four-hour
limit is due on Monday at 11:30.

    clock = WorkingHours(calendar=calendar_current(), tz=ZoneInfo("Asia/Shanghai"))
    due = clock.add(blown_at, 4)
    hours = clock.between(summoned_at, checked_in_at)
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from jiesu.core.calendar import WorkCalendar

MAX_DAYS = 3660  # a calendar without a single working day in ten years is a configuration error


@dataclass(frozen=True)
class WorkingHours:
    calendar: WorkCalendar
    tz: ZoneInfo
    opens: time = time(8, 30)
    closes: time = time(17, 30)

    def __post_init__(self) -> None:
        if self.closes <= self.opens:
            raise ValueError("the working day must close after it opens")

    @property
    def day_hours(self) -> float:
        return self.day_length.total_seconds() / 3600

    @property
    def day_length(self) -> timedelta:
        return datetime.combine(date.min, self.closes) - datetime.combine(date.min, self.opens)

    def _window(self, day: date) -> tuple[datetime, datetime]:
        return datetime.combine(day, self.opens, self.tz), datetime.combine(day, self.closes, self.tz)

    def add(self, moment: datetime, hours: float) -> datetime:
        """The moment `hours` working hours after `moment` (a moment outside working hours starts
        counting at the next opening)."""
        if hours < 0:
            raise ValueError("hours must not be negative")
        remaining = timedelta(hours=hours)
        cursor = moment.astimezone(self.tz)
        day = cursor.date()
        for _ in range(MAX_DAYS):
            if self.calendar.is_workday(day):
                opens, closes = self._window(day)
                begin = max(cursor, opens)
                if begin <= closes:
                    if remaining <= closes - begin:
                        return begin + remaining
                    remaining -= closes - begin
            day += timedelta(days=1)
            cursor = datetime.combine(day, time.min, self.tz)
        raise ValueError("no working day found: check the calendar")

    def between(self, start: datetime, end: datetime) -> float:
        """Working hours from `start` to `end` (negative when `end` is earlier)."""
        if end < start:
            return -self.between(end, start)
        start, end = start.astimezone(self.tz), end.astimezone(self.tz)
        total = timedelta()
        day = start.date()
        while day <= end.date():
            if self.calendar.is_workday(day):
                opens, closes = self._window(day)
                begin, finish = max(start, opens), min(end, closes)
                if finish > begin:
                    total += finish - begin
            day += timedelta(days=1)
        return total.total_seconds() / 3600
