"""The working-day calendar, with literal dates (2024's National Day week and its 调休)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from jiesu.core.calendar import NoticeError, WorkCalendar, parse_notice
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


# -- coverage: which days are known, which are guessed -------------------------------------------


def test_the_package_years_are_covered_and_a_later_year_is_not():
    assert calendar.covers(date(2026, 12, 31)) is True
    assert calendar.covers(date(2099, 1, 1)) is False
    assert calendar.uncovered(date(2099, 12, 30), 3) == [
        date(2099, 12, 30),
        date(2099, 12, 31),
        date(2100, 1, 1),
    ]


def test_an_entered_year_is_covered_and_its_days_come_from_the_overrides():
    # given the admin entered 2099's notice: 2099-01-01 (a Thursday) off, 2099-01-03 (a Saturday) worked
    entered = WorkCalendar(
        overrides={date(2099, 1, 1): False, date(2099, 1, 3): True}, entered_years=frozenset({2099})
    )
    assert entered.uncovered(date(2099, 1, 1), 60) == []
    assert entered.is_workday(date(2099, 1, 1)) is False
    assert entered.is_workday(date(2099, 1, 3)) is True
    assert entered.add_working_days(date(2098, 12, 31), 1) == date(2099, 1, 2)


# -- a year's notice as the admin pastes it ------------------------------------------------------

NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
一、元旦：1月1日（周四）至3日放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八）至23日（农历正月初七）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日放假调休，共7天。9月20日（周日）、10月10日（周六）上班。"""


def test_the_2026_notice_pasted_as_is_gives_the_days_the_package_has():
    notice = parse_notice(year=2026, days_off=NOTICE_2026)

    assert notice.days_off == 33
    assert notice.workdays == 6
    assert notice.skipped == ["国务院办公厅关于2026年部分节假日安排的通知"]
    assert notice.days[date(2026, 2, 15)] == (False, "二、春节")
    assert notice.days[date(2026, 2, 28)] == (True, "二、春节")
    assert all(calendar.is_workday(day) is is_workday for day, (is_workday, _) in notice.days.items())


@pytest.mark.parametrize(
    ("days_off", "workdays", "expected"),
    [
        ("2027-10-01 至 2027-10-03", "", {date(2027, 10, d): (False, "放假") for d in (1, 2, 3)}),
        ("元旦：2027/1/1", "", {date(2027, 1, 1): (False, "元旦")}),
        ("劳动节：5月1日~5月2日", "4月25日（星期日）", {
            date(2027, 5, 1): (False, "劳动节"), date(2027, 5, 2): (False, "劳动节"),
            date(2027, 4, 25): (True, "调休上班"),
        }),
        ("元旦：2026年12月31日至2027年1月1日", "", {
            date(2026, 12, 31): (False, "元旦"), date(2027, 1, 1): (False, "元旦"),
        }),
    ],
    ids=["iso-range", "slashes", "two-boxes", "across-new-year"],
)  # fmt: skip
def test_a_notice_reads_dates_ranges_and_both_boxes(days_off, workdays, expected):
    assert parse_notice(year=2027, days_off=days_off, workdays=workdays).days == dict(
        sorted(expected.items())
    )


@pytest.mark.parametrize(
    ("days_off", "workdays", "message"),
    [
        ("2月30日", "", "放假日期第 1 行：2027年2月30日 不是有效日期。"),
        ("10月7日至1日", "", "放假日期第 1 行：结束日期 2027-10-01 早于开始日期 2027-10-07。"),
        ("2028-05-01", "", "放假日期第 1 行：2028-05-01 不在 2027 年。"),
        ("10月1日", "10月1日", "2027-10-01 既是放假日又是上班日，请检查。"),
        ("没有日期的一行", "", "没有读到放假日期"),
        ("1月1日至3月1日", "", "一段假期不应超过 31 天"),
    ],
    ids=["no-such-day", "backwards", "other-year", "both", "nothing", "too-long"],
)
def test_a_notice_that_cannot_be_right_is_refused_with_the_line(days_off, workdays, message):
    with pytest.raises(NoticeError) as refused:
        parse_notice(year=2027, days_off=days_off, workdays=workdays)
    assert message in str(refused.value)
