"""Urgency rules, including the seasonal heating rule (literal dates)."""

from datetime import date

import pytest

from jiesu.triage.core.urgency import in_season, urgency_assess


@pytest.mark.parametrize(
    ("text", "level", "reason"),
    [
        ("楼道里有很大的燃气味", "critical", "疑似燃气泄漏"),
        ("闻到煤气味，很担心", "critical", "疑似燃气泄漏"),
        ("有人被困在电梯里", "critical", "有人被困"),
        ("楼下电线起火了", "critical", "用电或火灾危险"),
        ("路口井盖缺失，很危险", "urgent", "井盖缺失"),
        ("楼里一位独居老人生病了，无人照顾", "urgent", "独居老人无人照顾"),
        ("小区从早上开始停水", "urgent", "停水或爆管"),
    ],
)
def test_what_must_not_wait(text, level, reason):
    assert urgency_assess(text, day=date(2026, 7, 1)) == (level, [reason])


def test_heating_is_urgent_only_in_the_heating_season():
    text = "家里暖气不热，老人受不了"
    assert urgency_assess(text, day=date(2026, 12, 20)) == ("urgent", ["供暖季停暖或暖气不热"])
    assert urgency_assess(text, day=date(2026, 3, 15))[0] == "urgent"
    assert urgency_assess(text, day=date(2026, 7, 20)) == ("normal", [])
    assert urgency_assess(text, day=date(2026, 11, 14)) == ("normal", [])


def test_ordinary_requests_and_near_misses_stay_normal():
    assert urgency_assess("楼道灯坏了，晚上看不见", day=date(2026, 1, 5)) == ("normal", [])
    assert urgency_assess("老楼没有电梯，希望加装", day=date(2026, 1, 5)) == ("normal", [])
    assert urgency_assess("已检查，没有燃气味了", day=date(2026, 1, 5)) == ("normal", [])


def test_the_highest_level_wins_and_every_reason_is_kept():
    level, reasons = urgency_assess("停水了，楼道还有燃气味", day=date(2026, 5, 1))
    assert level == "critical"
    assert set(reasons) == {"疑似燃气泄漏", "停水或爆管"}


def test_season_spans_the_new_year():
    season = ((11, 15), (3, 15))
    assert in_season(date(2026, 1, 1), season) and not in_season(date(2026, 6, 1), season)
