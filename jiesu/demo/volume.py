"""How many orders each month: the public record, a seasonal profile and the deliberation story.

2023: 17,134 orders; Jan–Sep 2023: 13,760; Jan–Sep 2024: 10,263 (−25.41 %). Summer peaks come from
rain and leaks, winter ones from heating (November to March); the decline starts in mid-2023
when the street's loops begin to work. 2025 and 2026 keep falling slowly.
"""

import random
from datetime import date

RECORD: dict[int, tuple[int, ...]] = {
    2023: (1620, 1390, 1480, 1350, 1420, 1640, 1830, 1700, 1330, 1020, 1150, 1204),
    2024: (1230, 980, 1090, 1010, 1060, 1180, 1300, 1260, 1153, 1050, 1170, 1217),
}
YEARLY_DECLINE = 0.96  # after 2024 each year has 4 % fewer orders

# The deliberation project in the focus community: at most 46 orders a month before it starts,
# single digits after.
DELIBERATION_START = date(2023, 7, 1)
FOCUS_BEFORE = (41, 36, 43, 44, 46, 46)  # January to June 2023; 46 is the recorded maximum
FOCUS_CAP_AFTER = 9


def _largest_remainder(total: int, weights: tuple[float, ...]) -> tuple[int, ...]:
    scale = total / sum(weights)
    raw = [weight * scale for weight in weights]
    counts = [int(value) for value in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return tuple(counts)


def monthly_counts(year: int) -> tuple[int, ...]:
    """Orders received in each month of `year` (January first)."""
    if year in RECORD:
        return RECORD[year]
    if year < min(RECORD):
        return RECORD[min(RECORD)]
    shape = RECORD[max(RECORD)]
    total = round(sum(shape) * YEARLY_DECLINE ** (year - max(RECORD)))
    return _largest_remainder(total, shape)


def focus_count(year: int, month: int, rng: random.Random) -> int:
    """Orders in the focus community in one month."""
    if date(year, month, 1) >= DELIBERATION_START:
        return rng.randint(2, FOCUS_CAP_AFTER)
    if year == DELIBERATION_START.year:
        return FOCUS_BEFORE[month - 1]
    return FOCUS_BEFORE[(month - 1) % len(FOCUS_BEFORE)] - rng.randint(0, 4)
