"""The Chinese working-day calendar: pure functions, no database.

Statutory holidays and make-up working days (调休) come from the maintained `chinesecalendar`
package; the street's own additions (CalendarDay rows edited in the admin) override it. The
package knows each year only once the State Council has published its notice (at the end of the
year before), and a release may lag: a year it does not know falls back to Monday–Friday until
the admin enters that year's notice (`parse_notice` reads what the admin pastes). `uncovered`
tells which days are still guessed, so the workbench, the admin and `jiesu sla-scan` can warn.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
from chinese_calendar import constants as _known

END_OF_DAY = time(23, 59, 59)
# Years the installed package has the State Council's notice for.
LIBRARY_YEARS = frozenset(day.year for day in (*_known.holidays, *_known.workdays))


@dataclass(frozen=True)
class WorkCalendar:
    overrides: Mapping[date, bool] = field(default_factory=dict)
    # years whose notice the admin entered (their days are in `overrides`)
    entered_years: frozenset[int] = frozenset()

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return day.weekday() < 5

    def covers(self, day: date) -> bool:
        """Whether the holidays of `day`'s year are known (package or entered), not guessed."""
        return day.year in LIBRARY_YEARS or day.year in self.entered_years

    def uncovered(self, start: date, days: int) -> list[date]:
        """The days of [start, start + days) whose year's holidays nobody has entered yet."""
        return [start + timedelta(days=n) for n in range(days) if not self.covers(start + timedelta(days=n))]

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


# -- a year's State Council notice, as the admin pastes it ------------------------------------------

_DATE = r"(?:(\d{4})\s*[年./-]\s*)?(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?"
_RANGE = re.compile(_DATE + r"(?:\s*(?:至|到|~|～|—|–|--)\s*(?:" + _DATE + r"|(\d{1,2})\s*日))?")
_ASIDE = re.compile(r"[（(][^）)]*[）)]")  # （星期六）, （农历除夕）
_LABEL = re.compile(r"^\s*([^\d：:]{1,12})[：:]")  # 春节：


class NoticeError(ValueError):
    """A date in the notice that cannot be right; the message names the line, in Chinese."""


@dataclass(frozen=True)
class Notice:
    days: dict[date, tuple[bool, str]]  # day → (is_workday, note), in date order
    skipped: list[str]  # non-empty lines without a date (headings, explanations)

    @property
    def days_off(self) -> int:
        return sum(1 for is_workday, _ in self.days.values() if not is_workday)

    @property
    def workdays(self) -> int:
        return sum(1 for is_workday, _ in self.days.values() if is_workday)


def parse_notice(*, year: int, days_off: str, workdays: str = "") -> Notice:
    """The days of a year's holiday notice: {day: (is_workday, note)}.

    One holiday per line, e.g. "春节：2月15日至23日" or "2027-02-06 至 2027-02-13"; several dates
    or ranges on a line are fine ("2月14日（星期六）、2月28日（星期六）"). A date without a year
    is in `year`; a range's end may give only the day ("10月1日至7日"). The notice's own text can
    be pasted as is: in the days-off box a sentence that says 上班 lists make-up working days, and
    lines without a date are skipped (and reported). Dates must fall in `year` or its
    neighbouring December/January (元旦 can start on 31 December).
    """
    result: dict[date, tuple[bool, str]] = {}
    skipped: list[str] = []
    for box_is_workday, text, box in ((False, days_off, "放假日期"), (True, workdays, "上班日期")):
        for number, line in enumerate(text.splitlines(), 1):
            label = _LABEL.match(line)
            note = label.group(1).strip() if label else ""
            found = False
            for sentence in re.split(r"[。；;]", line[label.end() :] if label else line):
                is_workday = box_is_workday or "上班" in sentence
                for day in _sentence_days(sentence, year, number, box):
                    found = True
                    if day in result and result[day][0] != is_workday:
                        raise NoticeError(f"{day:%Y-%m-%d} 既是放假日又是上班日，请检查。")
                    result[day] = (is_workday, note or ("调休上班" if is_workday else "放假"))
            if not found and line.strip():
                skipped.append(line.strip()[:60])
    notice = Notice(dict(sorted(result.items())), skipped)
    if not notice.days_off:
        raise NoticeError("没有读到放假日期：请每行填写一个假期，如“春节：2月6日至13日”。")
    return notice


def _sentence_days(text: str, year: int, number: int, box: str) -> list[date]:
    days: list[date] = []
    for match in _RANGE.finditer(_ASIDE.sub(" ", text)):
        y1, m1, d1, y2, m2, d2, day_only = match.groups()
        start = _day(year if y1 is None else int(y1), m1, d1, box, number)
        if m2 is not None:
            end = _day(int(y2) if y2 else start.year, m2, d2, box, number)
        elif day_only is not None:
            end = _day(start.year, str(start.month), day_only, box, number)
        else:
            end = start
        if end < start:
            raise NoticeError(f"{box}第 {number} 行：结束日期 {end:%Y-%m-%d} 早于开始日期 {start:%Y-%m-%d}。")
        if (end - start).days > 31:
            raise NoticeError(f"{box}第 {number} 行：一段假期不应超过 31 天，请检查日期。")
        for day in (start + timedelta(days=n) for n in range((end - start).days + 1)):
            if not date(year - 1, 12, 1) <= day <= date(year + 1, 1, 31):
                raise NoticeError(f"{box}第 {number} 行：{day:%Y-%m-%d} 不在 {year} 年。")
            days.append(day)
    return days


def _day(year: int, month: str, day: str, box: str, number: int) -> date:
    try:
        return date(year, int(month), int(day))
    except ValueError as error:
        raise NoticeError(f"{box}第 {number} 行：{year}年{month}月{day}日 不是有效日期。") from error
