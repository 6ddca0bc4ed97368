from jiesu.core.calendar import WorkCalendar
from jiesu.core.models import CalendarDay


def calendar_current() -> WorkCalendar:
    """The working-day calendar with the admin's overrides applied."""
    return WorkCalendar(overrides=dict(CalendarDay.objects.values_list("date", "is_workday")))
