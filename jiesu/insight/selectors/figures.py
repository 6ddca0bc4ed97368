"""Volume, trend, shares and the heat table — read ONLY from the summary tables, always scoped."""

from collections import defaultdict
from datetime import date

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from jiesu.insight import metrics
from jiesu.insight.models import MEASURES, DailyRollup, MonthlySlice
from jiesu.insight.selectors.names import labels_for, orders_link
from jiesu.insight.selectors.scope import Period, Scope
from jiesu.workorders.models import Category


def measures_sum(rows) -> dict:
    totals = rows.aggregate(**{name: Sum(name) for name in MEASURES})
    return {name: totals[name] or 0 for name in MEASURES}


def daily_rows(scope: Scope, period: Period):
    return DailyRollup.objects.filter(scope.q(), day__gte=period.start, day__lte=period.end)


def volume(*, scope: Scope, period: Period) -> dict:
    """Received orders (merged duplicates excluded) with year-over-year and period-over-period change."""
    current = measures_sum(daily_rows(scope, period))
    last_year = daily_rows(scope, period.previous_year()).aggregate(n=Sum("received"))["n"] or 0
    before = daily_rows(scope, period.previous()).aggregate(n=Sum("received"))["n"] or 0
    return {
        "total": current["received"],
        "merged": current["merged"],
        "previous_year": last_year,
        "yoy": metrics.change(current["received"], last_year),
        "previous_period": before,
        "mom": metrics.change(current["received"], before),
        "measures": current,
        "link": orders_link(period=period, scope=scope),
    }


def monthly_trend(*, scope: Scope, period: Period) -> list[dict]:
    """Each month of the period with the same month a year earlier."""

    def by_month(p: Period) -> dict[date, int]:
        rows = daily_rows(scope, p).annotate(m=TruncMonth("day")).values("m").annotate(n=Sum("received"))
        return {_as_date(row["m"]): row["n"] or 0 for row in rows}

    now, before = by_month(period), by_month(period.previous_year())
    trend = []
    for month in period.months():
        last = before.get(month.replace(year=month.year - 1), 0)
        count = now.get(month, 0)
        month_period = Period(max(month, period.start), min(Period.month(month).end, period.end))
        trend.append(
            {
                "month": month,
                "label": f"{month.year}-{month.month:02d}",
                "count": count,
                "last_year": last,
                "yoy": metrics.change(count, last),
                "link": orders_link(period=month_period, scope=scope),
            }
        )
    return trend


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def slice_rows(scope: Scope, period: Period, dim: str):
    months = period.months()
    return MonthlySlice.objects.filter(scope.q(), dim=dim, month__gte=months[0], month__lte=months[-1])


def share(*, scope: Scope, period: Period, dim: str, level: int | None = None, limit: int = 12) -> list[dict]:
    """Share of received orders by category (at taxonomy `level`), channel, appeal type or compound.

    Read from the monthly slices: a period that is not whole months counts the months it touches.
    """
    counts: dict[str, int] = defaultdict(int)
    for value, n in slice_rows(scope, period, dim).values_list("value").annotate(n=Sum("received")):
        counts[value] += n or 0
    if dim == "category" and level:
        counts = _roll_up_categories(counts, level)
    total = sum(counts.values())
    labels = labels_for(dim, counts.keys())
    rows = [
        {
            "key": key,
            "label": labels.get(key, key or "未分类"),
            "count": n,
            "pct": metrics.rate(n, total),
            "link": orders_link(period=period, scope=scope, **({dim: key} if key else {})),
        }
        for key, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if n
    ]
    if limit and len(rows) > limit:
        rest = sum(row["count"] for row in rows[limit:])
        rows = rows[:limit] + [
            {"key": "", "label": "其他", "count": rest, "pct": metrics.rate(rest, total), "link": ""}
        ]
    return rows


def _roll_up_categories(counts: dict[str, int], level: int) -> dict[str, int]:
    nodes = {
        str(pk): (parent, lvl) for pk, parent, lvl in Category.objects.values_list("id", "parent_id", "level")
    }
    rolled: dict[str, int] = defaultdict(int)
    for key, n in counts.items():
        node = key
        while node in nodes and nodes[node][1] > level:
            node = str(nodes[node][0])
        rolled[node if node in nodes or not key else key] += n
    return rolled


def heat_table(*, scope: Scope, period: Period, by: str = "community") -> dict:
    """Rows (community or compound) × months of received orders: the table that shows 46 → 5."""
    months = period.months()
    cells: dict[str, dict[date, int]] = defaultdict(dict)
    if by == "community":
        rows = (
            daily_rows(scope, period)
            .annotate(m=TruncMonth("day"))
            .values_list("community_id", "m")
            .annotate(n=Sum("received"))
        )
        for key, month, n in rows:
            cells[_text(key)][_as_date(month)] = n or 0
    else:
        for key, month, n in (
            slice_rows(scope, period, "compound").values_list("value", "month").annotate(n=Sum("received"))
        ):
            cells[key][month] = cells[key].get(month, 0) + (n or 0)
    labels = labels_for(by, cells.keys())
    table = []
    for key, by_month in cells.items():
        values = [by_month.get(month, 0) for month in months]
        if not any(values):
            continue
        table.append(
            {
                "key": key,
                "label": labels.get(key, key or "未定位"),
                "cells": [
                    {
                        "count": value,
                        "link": orders_link(
                            period=Period(max(m, period.start), min(Period.month(m).end, period.end)),
                            scope=scope,
                            **({by: key} if key else {}),
                        ),
                    }
                    for m, value in zip(months, values, strict=True)
                ],
                "total": sum(values),
                "peak": max(values),
            }
        )
    table.sort(key=lambda row: -row["total"])
    return {
        "months": [f"{m.year}-{m.month:02d}" for m in months],
        "rows": table,
        "max": max((r["peak"] for r in table), default=0),
    }


def _text(value) -> str:
    return "" if value is None else str(value)
