"""The working-day calendar, with literal dates (2024's National Day week and its 调休)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from jiesu.core.calendar import WorkCalendar
from jiesu.core.models import CalendarDay
from jiesu.core.selectors import calendar_current

BEIJING = ZoneInfo("Asia/Shanghai")
calendar = WorkCalendar()


@pytest.mark.parametrize("day", [date(2024, 10, d) for d in range(1, 8)], ids=lambda d: d.isoformat())
def test_the_national_day_week_is_a_holiday(day):
    assert calendar.is_workday(day) is False


@pytest.mark.parametrize(
    "day",
    [date(2024, 9, 29), date(2024, 10, 12)],
    ids=["2024-09-29-sunday", "2024-10-12-saturday"],
)
def test_the_weekend_make_up_days_are_working_days(day):
    assert day.weekday() >= 5
    assert calendar.is_workday(day) is True


def test_an_ordinary_week_is_monday_to_friday():
    week = [date(2024, 11, 4) + timedelta(days=n) for n in range(7)]
    assert [calendar.is_workday(day) for day in week] == [True, True, True, True, True, False, False]


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2024, 9, 30), 0, date(2024, 9, 30)),
        (date(2024, 9, 30), 1, date(2024, 10, 8)),
        (date(2024, 9, 30), 5, date(2024, 10, 12)),
        (date(2024, 9, 30), 6, date(2024, 10, 14)),
        (date(2024, 9, 27), 1, date(2024, 9, 29)),
        (date(2024, 10, 3), 1, date(2024, 10, 8)),
        (date(2024, 9, 9), 6, date(2024, 9, 18)),  # Mid-Autumn: Saturday 9-14 worked, 9-15..17 off
    ],
    ids=[
        "zero-days",
        "across-national-day",
        "onto-make-up-saturday",
        "past-it",
        "onto-make-up-sunday",
        "from-inside-the-holiday",
        "across-mid-autumn",
    ],
)
def test_add_working_days_skips_holidays_and_counts_make_up_days(start, days, expected):
    assert calendar.add_working_days(start, days) == expected


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2024, 9, 30), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 9, 30), date(2024, 9, 30), 0),
        (date(2024, 9, 30), date(2024, 10, 7), 0),
        (date(2024, 9, 30), date(2024, 10, 8), 1),
        (date(2024, 9, 27), date(2024, 10, 14), 8),
        (date(2024, 10, 14), date(2024, 9, 27), -8),
    ],
    ids=["same-day", "only-holidays", "first-day-back", "with-both-make-up-days", "backwards"],
)
def test_working_days_between_counts_the_days_after_start_up_to_end(start, end, expected):
    assert calendar.working_days_between(start, end) == expected


def test_a_year_the_package_does_not_know_falls_back_to_monday_to_friday():
    # 2027-01-01 is a Friday; the package has no 2027 holidays, so it counts as a working day
    assert calendar.is_workday(date(2027, 1, 1)) is True
    assert calendar.is_workday(date(2027, 1, 2)) is False
    assert calendar.add_working_days(date(2027, 1, 1), 1) == date(2027, 1, 4)
    assert calendar.working_days_between(date(2027, 1, 1), date(2027, 1, 8)) == 5


def test_an_override_wins_over_the_package_and_over_the_fallback():
    overrides = {date(2024, 10, 8): False, date(2024, 10, 5): True, date(2027, 1, 1): False}
    adjusted = WorkCalendar(overrides=overrides)
    assert adjusted.is_workday(date(2024, 10, 8)) is False
    assert adjusted.is_workday(date(2024, 10, 5)) is True
    assert adjusted.is_workday(date(2027, 1, 1)) is False
    assert adjusted.add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 5)
    assert adjusted.add_working_days(date(2024, 10, 5), 1) == date(2024, 10, 9)


@pytest.mark.django_db
def test_a_day_the_admin_adds_is_used_by_the_current_calendar():
    # given the admin declared 2024-10-08 a rest day and 2027-01-04 (a Monday) a holiday
    CalendarDay.objects.create(date=date(2024, 10, 8), is_workday=False, note="街道统一调休")
    CalendarDay.objects.create(date=date(2027, 1, 4), is_workday=False, note="元旦补休")

    current = calendar_current()

    assert current.add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 9)
    assert current.add_working_days(date(2027, 1, 1), 1) == date(2027, 1, 5)
    assert calendar.add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        (datetime(2024, 9, 30, 10, 0, tzinfo=BEIJING), 1, datetime(2024, 10, 8, 23, 59, 59, tzinfo=BEIJING)),
        (datetime(2024, 9, 30, 10, 0, tzinfo=BEIJING), 7, datetime(2024, 10, 15, 23, 59, 59, tzinfo=BEIJING)),
        # 2024-09-29 20:00 UTC is already 2024-09-30 04:00 in Beijing: counting starts from the 30th
        (
            datetime(2024, 9, 29, 20, 0, tzinfo=ZoneInfo("UTC")),
            1,
            datetime(2024, 10, 8, 23, 59, 59, tzinfo=BEIJING),
        ),
        (datetime(2024, 10, 3, 9, 0, tzinfo=BEIJING), 0, datetime(2024, 10, 3, 23, 59, 59, tzinfo=BEIJING)),
    ],
    ids=["one-day", "seven-days", "utc-input", "zero-days"],
)
def test_resolve_deadline_is_the_last_second_of_the_local_working_day(received, days, expected):
    deadline = calendar.resolve_deadline(received, days, BEIJING)
    assert deadline == expected
    assert deadline.tzinfo == BEIJING
    assert deadline.isoformat() == expected.isoformat()
