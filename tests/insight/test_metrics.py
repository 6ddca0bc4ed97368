"""The pure definitions, with literal numbers."""

from datetime import date

from jiesu.insight import metrics
from jiesu.insight.selectors.scope import Period


def test_the_public_record_of_the_model_street_is_a_fall_of_25_41_percent():
    assert metrics.change(10263, 13760) == -25.41


def test_change_has_no_value_without_a_base():
    assert metrics.change(5, 0) is None
    assert metrics.change(46, 46) == 0.0


def test_rates_are_percentages_with_two_decimals():
    assert metrics.rate(2, 3) == 66.67
    assert metrics.rate(0, 0) is None


def test_satisfaction_gives_basic_answers_partial_credit():
    counts = {"satisfied": 1, "basic": 1, "unsatisfied": 0, "visited": 2}
    assert metrics.satisfaction_rate(counts, basic_credit=0.8) == 90.0
    assert metrics.satisfaction_rate(counts, basic_credit=1) == 100.0


def test_composite_score_weights_the_rates_and_skips_missing_ones():
    assert metrics.composite_score((66.67, 50.0, 90.0)) == 69.67
    assert metrics.composite_score((80.0, None, None)) == 80.0
    assert metrics.composite_score((None, None, None)) is None
    equal = {"response": 1, "resolution": 1, "satisfaction": 1}
    assert metrics.composite_score((60.0, 70.0, 80.0), weights=equal) == 70.0


def test_periods_compare_with_the_same_months_a_year_before_and_the_months_just_before():
    jan_sep = Period(date(2024, 1, 1), date(2024, 9, 30))
    assert jan_sep.previous_year() == Period(date(2023, 1, 1), date(2023, 9, 30))
    assert jan_sep.previous() == Period(date(2023, 4, 1), date(2023, 12, 31))
    september = Period.month(date(2024, 9, 1))
    assert september.previous() == Period(date(2024, 8, 1), date(2024, 8, 31))
    week = Period(date(2024, 9, 10), date(2024, 9, 16))
    assert week.previous() == Period(date(2024, 9, 3), date(2024, 9, 9))
    assert Period(date(2024, 2, 29), date(2024, 2, 29)).previous_year().start == date(2023, 2, 28)
