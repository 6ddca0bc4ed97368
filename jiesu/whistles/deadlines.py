"""报到时限 from the rules (data, in the admin) on the working-hours clock."""

from datetime import datetime, time

from django.utils import timezone

from jiesu.core.selectors import calendar_current
from jiesu.whistles.models import CheckInRule, WhistleSettings
from jiesu.whistles.workhours import WorkingHours

DEFAULT_CHECK_IN_HOURS = 8  # when no rule covers an urgency: one working day


def whistle_settings() -> WhistleSettings:
    """The settings row, or the defaults when the admin has not saved one."""
    return WhistleSettings.objects.order_by("id").first() or WhistleSettings(
        workday_opens=time(8, 30), workday_closes=time(17, 30)
    )


def working_clock(*, settings: WhistleSettings | None = None) -> WorkingHours:
    """The street's working hours on its working-day calendar (CalendarDay overrides applied)."""
    settings = settings or whistle_settings()
    return WorkingHours(
        calendar=calendar_current(),
        tz=timezone.get_current_timezone(),
        opens=_as_time(settings.workday_opens),
        closes=_as_time(settings.workday_closes),
    )


def _as_time(value) -> time:
    return value if isinstance(value, time) else time.fromisoformat(str(value))


def check_in_hours_for(*, urgency: str) -> int:
    rule = CheckInRule.objects.filter(urgency=urgency).first()
    return rule.working_hours if rule else DEFAULT_CHECK_IN_HOURS


def check_in_rules() -> dict[str, int]:
    """urgency → working hours, for the form's hint."""
    return dict(CheckInRule.objects.values_list("urgency", "working_hours"))


def check_in_due(*, summoned_at: datetime, hours: int, clock: WorkingHours | None = None) -> datetime:
    return (clock or working_clock()).add(summoned_at, hours)
