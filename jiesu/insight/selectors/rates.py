"""三率 and their composite ranking, deadline performance, the overdue board and surge alerts."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import F, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from jiesu.insight import metrics
from jiesu.insight.models import MEASURES, EventRollup, OpenDue, ScoreWeights
from jiesu.insight.selectors.figures import _as_date, daily_rows, slice_rows
from jiesu.insight.selectors.names import labels_for, orders_link
from jiesu.insight.selectors.scope import Period, Scope

GROUP_FIELDS = {"unit": "lead_unit_id", "community": "community_id"}


def score_settings() -> tuple[dict, float]:
    row = ScoreWeights.objects.order_by("id").first()
    if row is None:
        return metrics.DEFAULT_WEIGHTS, metrics.DEFAULT_BASIC_CREDIT
    weights = {"response": row.response, "resolution": row.resolution, "satisfaction": row.satisfaction}
    return weights, float(row.basic_credit)


def _with_rates(m: dict, weights: dict, credit: float) -> dict:
    rates = metrics.three_rates(m, weights=weights, basic_credit=credit)
    return {
        **m,
        "response_rate": rates.response,
        "resolution_rate": rates.resolution,
        "satisfaction_rate": rates.satisfaction,
        "score": rates.score,
        "on_time": metrics.on_time_share(m),
    }


def overall_rates(*, scope: Scope, period: Period) -> dict:
    weights, credit = score_settings()
    rows = daily_rows(scope, period).aggregate(**{name: Sum(name) for name in MEASURES})
    return _with_rates({k: v or 0 for k, v in rows.items()}, weights, credit)


def rate_ranking(*, scope: Scope, period: Period, by: str = "unit") -> list[dict]:
    """三率 and composite score per unit, community or month, best score first (months in order)."""
    weights, credit = score_settings()
    rows = daily_rows(scope, period)
    if by == "month":
        grouped = rows.annotate(key=TruncMonth("day")).values("key")
    else:
        grouped = rows.values(key=F(_field(by)))
    result = []
    for row in grouped.annotate(**{name: Sum(name) for name in MEASURES}):
        key = row.pop("key")
        m = {name: row[name] or 0 for name in MEASURES}
        if not m["received"]:
            continue
        result.append({"key": _key(key), **_with_rates(m, weights, credit)})
    if by == "month":
        for item in result:
            item["label"] = item["key"][:7]
        return sorted(result, key=lambda item: item["key"])
    labels = labels_for(by, [item["key"] for item in result])
    for item in result:
        item["label"] = labels.get(item["key"], "未派单" if by == "unit" else "未定位")
        item["link"] = orders_link(period=period, scope=scope, **({by: item["key"]} if item["key"] else {}))
    result.sort(key=lambda item: (item["score"] is None, -(item["score"] or 0), -item["received"]))
    for rank, item in enumerate(result, 1):
        item["rank"] = rank
    return result


def _field(by: str) -> str:
    return GROUP_FIELDS[by]


def _key(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date) or hasattr(value, "date"):
        return _as_date(value).isoformat()
    return str(value)


def deadline_table(*, scope: Scope, period: Period, by: str = "unit") -> list[dict]:
    """Per unit (or community): on-time share, overdue now, extensions, redos, 退单 and 改派."""
    ranking = {item["key"]: item for item in rate_ranking(scope=scope, period=period, by=by)}
    events: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    unit_field = "unit_id"
    event_rows = EventRollup.objects.filter(scope.q(unit_field), day__gte=period.start, day__lte=period.end)
    group = unit_field if by == "unit" else "community_id"
    for key, kind, n in event_rows.values_list(group, "kind").annotate(n=Sum("count")):
        events[_key(key)][kind] += n or 0
    overdue = {item["key"]: item["overdue"] for item in overdue_board(scope=scope, by=by)}
    keys = set(ranking) | set(events) | set(overdue)
    labels = labels_for(by, keys)
    rows = []
    for key in keys:
        base = ranking.get(key, {})
        rows.append(
            {
                "key": key,
                "label": labels.get(key, "未派单" if by == "unit" else "未定位"),
                "received": base.get("received", 0),
                "resolved": base.get("resolved", 0),
                "on_time": base.get("on_time"),
                "open": base.get("open", 0),
                "overdue": overdue.get(key, 0),
                "extensions": base.get("extensions", 0),
                "redos": base.get("redos", 0),
                "returns": events[key].get("return", 0),
                "reassignments": events[key].get("reassign", 0),
                "link": orders_link(period=period, scope=scope, **({by: key} if key else {})),
                "overdue_link": orders_link(scope=scope, overdue=1, **({by: key} if key else {})),
            }
        )
    rows.sort(key=lambda row: (-row["overdue"], -row["received"]))
    return rows


def overdue_board(*, scope: Scope, by: str = "unit") -> list[dict]:
    """Orders in handling now: overdue (deadline day before today) and due within 2 days."""
    today = timezone.localdate()
    rows = OpenDue.objects.filter(scope.q())
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"overdue": 0, "due_soon": 0, "open": 0})
    for key, due_day, n in rows.values_list(_field(by), "due_day").annotate(n=Sum("count")):
        bucket = counts[_key(key)]
        bucket["open"] += n
        if due_day < today:
            bucket["overdue"] += n
        elif due_day <= today + timedelta(days=2):
            bucket["due_soon"] += n
    labels = labels_for(by, counts.keys())
    board = [
        {
            "key": key,
            "label": labels.get(key, "未派单" if by == "unit" else "未定位"),
            **values,
            "link": orders_link(scope=scope, overdue=1, **({by: key} if key else {})),
        }
        for key, values in counts.items()
        if values["overdue"] or values["due_soon"]
    ]
    board.sort(key=lambda row: (-row["overdue"], -row["due_soon"]))
    return board


def surge_alerts(*, scope: Scope, month: date, ratio: float = 1.5, minimum: int = 8) -> list[dict]:
    """Categories and communities whose month is ≥ ratio × the mean of the 3 months before."""
    current = Period.month(month)
    history = Period(
        Period.month(current.previous().start).previous().previous().start, current.start - timedelta(days=1)
    )
    alerts = []
    for dim in ("category", "compound"):
        now: dict[str, int] = defaultdict(int)
        past: dict[str, int] = defaultdict(int)
        for value, m, n in (
            slice_rows(scope, Period(history.start, current.end), dim)
            .values_list("value", "month")
            .annotate(n=Sum("received"))
        ):
            (now if m == current.start else past)[value] += n or 0
        labels = labels_for(dim, now.keys())
        for key, n in now.items():
            mean = past.get(key, 0) / 3
            if key and n >= minimum and n >= ratio * max(mean, 1):
                alerts.append(
                    {
                        "dim": "问题分类" if dim == "category" else "小区",
                        "label": labels.get(key, key),
                        "count": n,
                        "mean": round(mean, 1),
                        "link": orders_link(period=current, scope=scope, **{dim: key}),
                    }
                )
    alerts.sort(key=lambda a: -(a["count"] / max(a["mean"], 1)))
    return alerts[:10]
