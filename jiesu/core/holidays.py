"""Writes to the working-day calendar: a year's State Council notice, or one day (audited).

Each call writes its `CalendarDay` rows and ONE `CalendarEvent` (actor, time, old, new) in the
same transaction. Orders keep the deadlines they were given; new deadlines use the new days.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from jiesu.core.calendar import Notice, NoticeError, parse_notice
from jiesu.core.errors import NotPermitted, ValidationFailed
from jiesu.core.events import event_record
from jiesu.core.models import CalendarDay, CalendarEvent


@dataclass(frozen=True)
class NoticeResult:
    year: int
    notice: Notice
    replaced: int  # the year's earlier rows that were replaced


def _ensure_may_edit(actor) -> None:
    if actor is None or not actor.has_perm("core.change_calendarday"):
        raise NotPermitted("只有有权维护工作日历的管理员可以录入放假安排。")


def _as_json(rows: dict[date, bool]) -> dict[str, bool]:
    return {day.isoformat(): value for day, value in sorted(rows.items())}


@transaction.atomic
def calendar_notice_enter(*, year: int, days_off: str, workdays: str = "", actor) -> NoticeResult:
    """Enter year `year`'s holiday notice: its days replace that year's earlier calendar rows."""
    _ensure_may_edit(actor)
    if not 2000 <= year <= 2100:
        raise ValidationFailed("年份应在 2000 至 2100 之间。")
    try:
        notice = parse_notice(year=year, days_off=days_off, workdays=workdays)
    except NoticeError as error:
        raise ValidationFailed(str(error)) from error
    first, last = min(date(year, 1, 1), *notice.days), max(date(year, 12, 31), *notice.days)
    existing = CalendarDay.objects.select_for_update().filter(date__gte=first, date__lte=last).order_by("pk")
    old = {row.date: row.is_workday for row in existing}
    existing.delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day, is_workday=is_workday, note=f"{year}年通知·{note}"[:100])
        for day, (is_workday, note) in notice.days.items()
    )
    new = {day: is_workday for day, (is_workday, _) in notice.days.items()}
    event_record(
        CalendarEvent,
        kind=CalendarEvent.Kind.NOTICE,
        actor=actor,
        year=year,
        old=_as_json(old),
        new=_as_json(new),
        note=f"放假 {notice.days_off} 天，调休上班 {notice.workdays} 天",
    )
    return NoticeResult(year=year, notice=notice, replaced=len(old))


@transaction.atomic
def calendar_day_set(*, day: date, is_workday: bool, note: str = "", actor) -> CalendarDay:
    """Set one day as a working day or a day off (the street's own adjustment)."""
    _ensure_may_edit(actor)
    row = CalendarDay.objects.select_for_update().filter(date=day).first()
    old = {day: row.is_workday} if row else {}
    if row is None:
        row = CalendarDay(date=day)
    row.is_workday, row.note = is_workday, note.strip()[:100]
    row.save()
    event_record(
        CalendarEvent,
        kind=CalendarEvent.Kind.DAY_SET,
        actor=actor,
        year=day.year,
        old=_as_json(old),
        new=_as_json({day: is_workday}),
        note=row.note,
    )
    return row


@transaction.atomic
def calendar_day_delete(*, day: date, actor) -> None:
    """Remove the street's adjustment of one day (the statutory calendar applies again)."""
    _ensure_may_edit(actor)
    row = CalendarDay.objects.select_for_update().filter(date=day).first()
    if row is None:
        return
    event_record(
        CalendarEvent,
        kind=CalendarEvent.Kind.DAY_DELETED,
        actor=actor,
        year=day.year,
        old=_as_json({day: row.is_workday}),
        new={},
        note=row.note,
    )
    row.delete()
