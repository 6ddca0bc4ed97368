"""Deadlines from the rules (data) and the working-day calendar."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from jiesu.core.calendar import WorkCalendar
from jiesu.core.selectors import calendar_current
from jiesu.workorders.models import DeadlineRule

# The default time limits, (appeal type, urgency) -> (response hours, resolve working days): the
# rows migration 0002 wrote (editable in the admin afterwards; tests/workorders/test_event_shapes.py
# checks they agree) and what the demo's lifecycle counts with.
DEFAULT_LIMITS = {
    ("", "normal"): (24, 7),
    ("inquiry", "normal"): (24, 2),
    ("", "urgent"): (2, 2),
    ("", "critical"): (1, 1),
}


def sla_settings() -> tuple[timedelta, int]:
    """(how long before the deadline an order is due soon, working days overdue before 督办): the
    SLA scan's thresholds, from settings.JIESU, read by the scan and the demo alike."""
    return timedelta(hours=settings.JIESU["DUE_SOON_HOURS"]), settings.JIESU["SUPERVISE_AFTER_WORKING_DAYS"]


@dataclass(frozen=True)
class Limits:
    response_hours: int
    resolve_working_days: int


def limits_for(*, appeal_type: str, urgency: str) -> Limits:
    rules = {(rule.appeal_type, rule.urgency): rule for rule in DeadlineRule.objects.filter(urgency=urgency)}
    rule = rules.get((appeal_type, urgency)) or rules.get(("", urgency))
    if rule:
        return Limits(rule.response_hours, rule.resolve_working_days)
    return Limits(settings.JIESU["DEFAULT_RESPONSE_HOURS"], settings.JIESU["DEFAULT_RESOLVE_WORKING_DAYS"])


def deadlines_compute(
    *, received_at: datetime, appeal_type: str, urgency: str, calendar: WorkCalendar | None = None
) -> tuple[datetime, datetime]:
    """(response due, resolution due) for an order received at `received_at`."""
    limits = limits_for(appeal_type=appeal_type, urgency=urgency)
    calendar = calendar or calendar_current()
    tz = timezone.get_current_timezone()
    response_due = received_at + timedelta(hours=limits.response_hours)
    resolve_due = calendar.resolve_deadline(received_at, limits.resolve_working_days, tz)
    return response_due, resolve_due


def deadline_extend(*, due: datetime, working_days: int, calendar: WorkCalendar | None = None) -> datetime:
    calendar = calendar or calendar_current()
    tz = timezone.get_current_timezone()
    local = due.astimezone(tz)
    return datetime.combine(calendar.add_working_days(local.date(), working_days), local.timetz())
