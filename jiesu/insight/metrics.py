"""The figures, defined once. Pure functions of counts; docs/metrics.md states them in words.

Every rate is a percentage with two decimals, or None when its denominator is zero ("—" on pages).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_WEIGHTS = {"response": 0.1, "resolution": 0.45, "satisfaction": 0.45}
DEFAULT_BASIC_CREDIT = 0.8


def _pct(value: float) -> float:
    return float(Decimal(str(value * 100)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def rate(numerator: float, denominator: float) -> float | None:
    """numerator / denominator in percent, two decimals; None for an empty denominator."""
    if not denominator:
        return None
    return _pct(numerator / denominator)


def change(current: float, previous: float) -> float | None:
    """(current − previous) / previous in percent: 10,263 vs 13,760 → −25.41."""
    if not previous:
        return None
    return _pct((current - previous) / previous)


@dataclass(frozen=True)
class ThreeRates:
    response: float | None
    resolution: float | None
    satisfaction: float | None
    score: float | None


def response_rate(m: dict) -> float | None:
    """响应率 = responded on time / orders assessed for response."""
    return rate(m["responded_on_time"], m["response_assessed"])


def resolution_rate(m: dict) -> float | None:
    """解决率 = return visits where the citizen says solved / return visits answered."""
    return rate(m["visit_resolved"], m["visited"])


def satisfaction_rate(m: dict, *, basic_credit: float = DEFAULT_BASIC_CREDIT) -> float | None:
    """满意率 = (满意 + 基本满意 × credit) / return visits answered."""
    return rate(m["satisfied"] + m["basic"] * basic_credit, m["visited"])


def composite_score(
    rates: tuple[float | None, float | None, float | None], *, weights: dict | None = None
) -> float | None:
    """Weighted mean of the three rates over the rates that exist (weights renormalised)."""
    weights = weights or DEFAULT_WEIGHTS
    pairs = [
        (value, float(weights[name]))
        for value, name in zip(rates, ("response", "resolution", "satisfaction"), strict=True)
        if value is not None and float(weights[name]) > 0
    ]
    total = sum(weight for _, weight in pairs)
    if not total:
        return None
    score = sum(value * weight for value, weight in pairs) / total
    return float(Decimal(str(score)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def three_rates(
    m: dict, *, weights: dict | None = None, basic_credit: float = DEFAULT_BASIC_CREDIT
) -> ThreeRates:
    values = (response_rate(m), resolution_rate(m), satisfaction_rate(m, basic_credit=basic_credit))
    return ThreeRates(*values, score=composite_score(values, weights=weights))


def on_time_share(m: dict) -> float | None:
    """按时办结率 = resolved by the resolution deadline / resolved."""
    return rate(m["resolved_on_time"], m["resolved"])
