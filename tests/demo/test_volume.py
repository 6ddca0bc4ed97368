from jiesu.demo.volume import monthly_counts


def test_2023_has_the_recorded_17134_orders_and_13760_in_january_to_september():
    counts = monthly_counts(2023)
    assert sum(counts) == 17_134
    assert sum(counts[:9]) == 13_760


def test_january_to_september_2024_is_10263_down_25_41_percent():
    before, after = sum(monthly_counts(2023)[:9]), sum(monthly_counts(2024)[:9])
    assert after == 10_263
    assert before - after == 3_497
    assert round((after - before) / before * 100, 2) == -25.41


def test_later_years_keep_falling_slowly():
    totals = [sum(monthly_counts(year)) for year in (2024, 2025, 2026)]
    assert 13_500 <= totals[0] <= 13_900
    assert totals[0] > totals[1] > totals[2] > 0.9 * totals[1]


def test_summer_and_winter_peaks():
    counts = monthly_counts(2024)
    assert counts[6] == max(counts[3:9])  # July, the rainy season
    assert counts[11] > counts[9]  # December heating above October
