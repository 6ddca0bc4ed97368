"""Volume, trend, shares and the heat table — read ONLY from the summary tables, always scoped."""

from collections import defaultdict
from datetime import date

from jiesu.insight import metrics
from jiesu.insight.selectors.names import orders_link
from jiesu.insight.selectors.reader import Reader
from jiesu.insight.selectors.scope import Period, Scope
from jiesu.workorders.models import Category


def volume(*, scope: Scope, period: Period, reader: Reader | None = None) -> dict:
    """Received orders (merged duplicates included, also given apart) with year-over-year and period-over-period change."""
    reader = reader or Reader(scope)
    current = reader.totals(period)
    last_year = reader.totals(period.previous_year())["received"]
    before = reader.totals(period.previous())["received"]
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


def monthly_trend(*, scope: Scope, period: Period, reader: Reader | None = None) -> list[dict]:
    """Each month of the period with the same month a year earlier."""
    reader = reader or Reader(scope)

    def by_month(p: Period) -> dict[date, int]:
        return {m: sums["received"] for m, sums in reader.grouped(p, 0).items()}

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


def share(
    *,
    scope: Scope,
    period: Period,
    dim: str,
    level: int | None = None,
    limit: int = 12,
    reader: Reader | None = None,
) -> list[dict]:
    """Share of received orders by category (at taxonomy `level`), channel, appeal type or compound.

    Read from the monthly slices: a period that is not whole months counts the months it touches.
    """
    reader = reader or Reader(scope)
    months = period.months()
    counts: dict[str, int] = defaultdict(int)
    for value, _month, n in reader.slices(months[0], months[-1], dim):
        counts[value] += n
    if dim == "category" and level:
        counts = _roll_up_categories(counts, level, reader)
    total = sum(counts.values())
    labels = reader.labels(dim, counts.keys())
    rows = [
        {
            "key": key,
            "label": labels.get(key, key or "未分类"),
            **_parts(labels.get(key, key or "未分类") if dim == "category" else ""),
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
            {"key": "", "label": "其他", "short": "其他", "parent": "", "count": rest,
             "pct": metrics.rate(rest, total), "link": ""}
        ]  # fmt: skip
    return rows


def _parts(path: str) -> dict:
    """A category path as its last name and what is above it ("供暖" under "市政设施")."""
    parent, _, short = path.rpartition(Category.SEPARATOR)
    return {"short": short, "parent": parent}


def category_nodes(reader: Reader) -> dict[str, tuple[int | None, int]]:
    """Category id (as text) → (parent id, level), read once per request."""
    return reader.once(
        "categories",
        lambda: {
            str(pk): (parent, lvl)
            for pk, parent, lvl in Category.objects.values_list("id", "parent_id", "level")
        },
    )


def _roll_up_categories(counts: dict[str, int], level: int, reader: Reader) -> dict[str, int]:
    nodes = category_nodes(reader)
    rolled: dict[str, int] = defaultdict(int)
    for key, n in counts.items():
        node = key
        while node in nodes and nodes[node][1] > level:
            node = str(nodes[node][0])
        rolled[node if node in nodes or not key else key] += n
    return rolled


def heat_table(*, scope: Scope, period: Period, by: str = "community", reader: Reader | None = None) -> dict:
    """Rows (community or compound) × months of received orders: the table that shows 46 → 5."""
    reader = reader or Reader(scope)
    months = period.months()
    cells: dict[str, dict[date, int]] = defaultdict(dict)
    if by == "community":
        for (key, month), sums in reader.grouped(period, (1, 0)).items():
            cells[_text(key)][month] = sums["received"]
    else:
        for key, month, n in reader.slices(months[0], months[-1], "compound"):
            cells[key][month] = cells[key].get(month, 0) + n
    labels = reader.labels(by, cells.keys())
    month_periods = [Period(max(m, period.start), min(Period.month(m).end, period.end)) for m in months]
    month_links = [orders_link(period=p, scope=scope) for p in month_periods]
    picked = scope.pick_community if by == "community" else None

    def link(i: int, key: str) -> str:
        if not key or picked:  # nothing to add, or the picker already sets the community
            return orders_link(period=month_periods[i], scope=scope, **({by: key} if key else {}))
        return f"{month_links[i]}&{by}={key}"  # keys are ids: nothing to quote

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
                    {"count": value, "link": link(i, key) if value else ""} for i, value in enumerate(values)
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
