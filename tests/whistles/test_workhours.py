"""The working-hours clock on literal dates: weekends, statutory holidays, 调休 and admin overrides."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from jiesu.core.calendar import WorkCalendar
from jiesu.whistles.workhours import WorkingHours

TZ = ZoneInfo("Asia/Shanghai")
CLOCK = WorkingHours(calendar=WorkCalendar(), tz=TZ)


def t(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.mark.parametrize(
    "start, hours, due",
    [
        ("2024-03-12 09:00", 4, "2024-03-12 13:00"),  # within a Tuesday
        ("2024-03-12 07:00", 2, "2024-03-12 10:30"),  # before opening: counts from 08:30
        ("2024-03-12 16:30", 4, "2024-03-13 11:30"),  # one hour today, three tomorrow
        ("2024-03-12 20:00", 1, "2024-03-13 09:30"),  # after closing: tomorrow
        ("2024-03-15 16:30", 4, "2024-03-18 11:30"),  # Friday → Monday
        ("2024-03-16 10:00", 8, "2024-03-18 16:30"),  # blown on a Saturday
        ("2024-09-30 16:00", 4, "2024-10-08 11:00"),  # National Day holidays 10-01..10-07
        ("2024-10-11 17:00", 2, "2024-10-12 10:00"),  # Saturday 10-12 is a 调休 working day
        ("2024-03-12 08:30", 9, "2024-03-12 17:30"),  # exactly one working day
        ("2024-03-12 09:00", 9, "2024-03-13 09:00"),
    ],
)
def test_adding_working_hours(start, hours, due):
    assert CLOCK.add(t(start), hours) == t(due)


@pytest.mark.parametrize(
    "start, end, hours",
    [
        ("2024-03-12 09:00", "2024-03-12 10:30", 1.5),
        ("2024-03-12 09:00", "2024-03-13 09:30", 9.5),
        ("2024-03-15 17:00", "2024-03-18 09:00", 1.0),  # half an hour on Friday, half on Monday
        ("2024-03-16 09:00", "2024-03-17 18:00", 0.0),  # a weekend
        ("2024-09-30 16:00", "2024-10-08 11:00", 4.0),
        ("2024-03-12 10:30", "2024-03-12 09:00", -1.5),
    ],
)
def test_counting_working_hours_between(start, end, hours):
    assert CLOCK.between(t(start), t(end)) == pytest.approx(hours)


def test_the_admins_overrides_and_opening_hours_are_data():
    # the street declares Tuesday 2024-03-12 a day off and works 09:00–17:00
    clock = WorkingHours(
        calendar=WorkCalendar(overrides={date(2024, 3, 12): False}), tz=TZ, opens=time(9), closes=time(17)
    )
    assert clock.day_hours == 8
    assert clock.add(t("2024-03-12 09:00"), 4) == t("2024-03-13 13:00")
    assert clock.between(t("2024-03-11 16:00"), t("2024-03-13 10:00")) == 2.0


def test_a_day_that_closes_before_it_opens_is_refused():
    with pytest.raises(ValueError):
        WorkingHours(calendar=WorkCalendar(), tz=TZ, opens=time(18), closes=time(9))
