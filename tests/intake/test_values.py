from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from jiesu.intake.importing import values
from jiesu.workorders.models import AppealType, Channel, Satisfaction, Urgency
from jiesu.workorders.states import Status

SH = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024/9/1 8:05", datetime(2024, 9, 1, 8, 5, tzinfo=SH)),
        ("2024-09-01T08:05", datetime(2024, 9, 1, 8, 5, tzinfo=SH)),
        ("2024-09-01 08:05:00", datetime(2024, 9, 1, 8, 5, tzinfo=SH)),
        ("2024-09-01 08:05:07.250", datetime(2024, 9, 1, 8, 5, 7, tzinfo=SH)),
        ("2024年9月1日 8时5分", datetime(2024, 9, 1, 8, 5, tzinfo=SH)),
        ("2024年9月1日8点", datetime(2024, 9, 1, 8, 0, tzinfo=SH)),
        ("2024年09月01日", datetime(2024, 9, 1, tzinfo=SH)),
        ("2024.9.1", datetime(2024, 9, 1, tzinfo=SH)),
        ("20240901", datetime(2024, 9, 1, tzinfo=SH)),
        ("202409010805", datetime(2024, 9, 1, 8, 5, tzinfo=SH)),
        ("２０２４－０９－０１", datetime(2024, 9, 1, tzinfo=SH)),
        ("２０２４－０９－０１　０８：０５", datetime(2024, 9, 1, 8, 5, tzinfo=SH)),
        ("  2024-09-01 08:05  ", datetime(2024, 9, 1, 8, 5, tzinfo=SH)),
        ("45536.34", datetime(2024, 9, 1, 8, 9, 36, tzinfo=SH)),
        ("45536", datetime(2024, 9, 1, tzinfo=SH)),
        (45536.34, datetime(2024, 9, 1, 8, 9, 36, tzinfo=SH)),
        (45536, datetime(2024, 9, 1, tzinfo=SH)),
        (20240901, datetime(2024, 9, 1, tzinfo=SH)),
        (datetime(2024, 9, 1, 8, 5, 0, 999), datetime(2024, 9, 1, 8, 5, tzinfo=SH)),
        (date(2024, 9, 1), datetime(2024, 9, 1, tzinfo=SH)),
        ("2024-09-01T00:05:00Z", datetime(2024, 9, 1, 8, 5, tzinfo=SH)),
        ("2024-09-01 08:05:00+08:00", datetime(2024, 9, 1, 8, 5, tzinfo=SH)),
    ],
)
def test_dates_in_every_common_form_are_read_as_shanghai_time(raw, expected):
    parsed = values.parse_datetime(raw)
    assert parsed == expected
    assert parsed.utcoffset() is not None


@pytest.mark.parametrize(
    "raw",
    ["2024-13-45", "2024-02-30", "昨天下午", "9/1/2024", "", None, "5", 5, "2024-09-01 25:00", True, "abc"],
)
def test_unreadable_or_implausible_dates_are_none(raw):
    assert values.parse_datetime(raw) is None


def test_naive_times_follow_the_current_time_zone(settings):
    settings.TIME_ZONE = "UTC"
    assert values.parse_datetime("2024-09-01 08:05") == datetime(2024, 9, 1, 8, 5, tzinfo=ZoneInfo("UTC"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("是", True),
        ("已联系", True),
        ("已解决", True),
        ("√", True),
        ("1", True),
        (1, True),
        ("否", False),
        ("未联系", False),
        ("未解决", False),
        ("没联系", False),
        ("0", False),
        ("不", False),
        ("", None),
        ("部分", None),
    ],
)
def test_yes_no(raw, expected):
    assert values.parse_bool(raw) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("满意", Satisfaction.SATISFIED),
        ("非常满意", Satisfaction.SATISFIED),
        ("基本满意", Satisfaction.BASIC),
        ("不满意", Satisfaction.UNSATISFIED),
        ("非常不满意", Satisfaction.UNSATISFIED),
        ("unsatisfied", "unsatisfied"),
        ("还行吧", None),
    ],
)
def test_satisfaction(raw, expected):
    assert values.parse_satisfaction(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("待派单", Status.NEW),
        ("待受理", Status.NEW),
        ("已派单", Status.DISPATCHED),
        ("待签收", Status.DISPATCHED),
        ("办理中", Status.ACCEPTED),
        ("处理中", Status.ACCEPTED),
        ("已签收", Status.ACCEPTED),
        ("已退单", Status.RETURNED),
        ("退回", Status.RETURNED),
        ("已办结", Status.RESOLVED),
        ("已办理", Status.RESOLVED),
        ("待回访", Status.RESOLVED),
        ("已回访", Status.VISITED),
        ("已结案", Status.CLOSED),
        ("已关闭", Status.CLOSED),
        ("已归档", Status.CLOSED),
        (" 已 办结 ", Status.RESOLVED),
        ("挂起", None),
        ("已并单", None),
    ],
)
def test_platform_statuses(raw, expected):
    assert values.parse_status(raw) == expected


def test_appeal_types_urgencies_and_channels():
    assert values.parse_appeal_type("投诉") == AppealType.COMPLAINT
    assert values.parse_appeal_type("意见建议") == AppealType.SUGGESTION
    assert values.parse_appeal_type("吐槽") is None
    assert values.parse_urgency("特急") == Urgency.CRITICAL
    assert values.parse_urgency("紧急") == Urgency.URGENT
    assert values.parse_urgency("普通") == Urgency.NORMAL
    assert values.parse_channel("12345") == Channel.HOTLINE
    assert values.parse_channel("网格") == Channel.GRID
    assert values.parse_channel("小哥说事") == Channel.RIDER
    assert values.parse_channel("微博") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5", (5, "days")),
        (5, (5, "days")),
        ("5个工作日", (5, "days")),
        ("3天", (3, "days")),
        ("24小时", (24, "hours")),
        ("五天", None),
        ("2024-09-10", None),
    ],
)
def test_time_limits_as_durations(raw, expected):
    assert values.parse_time_limit(raw) == expected


def test_cell_text_drops_a_spurious_decimal():
    assert values.text(13812345678.0) == "13812345678"
    assert values.text(None) == ""
    assert values.text("  a \n") == "a"
