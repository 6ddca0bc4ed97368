"""Rectification deadlines and look-back dates from the rules (data) and the working-day calendar."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from jiesu.core.calendar import WorkCalendar
from jiesu.core.selectors import calendar_current
from jiesu.evaluation.models import RectificationRule, Severity

# used only when the admin has deleted a severity's rule
FALLBACK = {Severity.MINOR: (10, 15), Severity.MAJOR: (5, 10), Severity.SERIOUS: (2, 7)}


@dataclass(frozen=True)
class Limits:
    rectify_working_days: int
    lookback_days: int


def limits_for(*, severity: str) -> Limits:
    rule = RectificationRule.objects.filter(severity=severity).first()
    if rule is not None:
        return Limits(rule.rectify_working_days, rule.lookback_days)
    return Limits(*FALLBACK.get(severity, FALLBACK[Severity.MINOR]))


def rectify_due_compute(*, start: datetime, severity: str, calendar: WorkCalendar | None = None) -> datetime:
    """End (23:59:59 local) of the N-th working day after the day the finding was verified."""
    calendar = calendar or calendar_current()
    days = limits_for(severity=severity).rectify_working_days
    return calendar.resolve_deadline(start, days, timezone.get_current_timezone())


def lookback_date_compute(*, rectified_at: datetime, severity: str) -> date:
    """The first day the rectification may be looked back at (N calendar days after it)."""
    local_day = timezone.localtime(rectified_at).date()
    return local_day + timedelta(days=limits_for(severity=severity).lookback_days)
