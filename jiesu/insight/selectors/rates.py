"""三率 and their composite ranking, deadline performance and the overdue board."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Sum
from django.utils import timezone

from jiesu.insight import metrics
from jiesu.insight.models import EventRollup, OpenDue, ScoreWeights
from jiesu.insight.selectors.names import orders_link
from jiesu.insight.selectors.reader import Reader
from jiesu.insight.selectors.scope import Period, Scope

GROUP_FIELDS = {"unit": "lead_unit_id", "community": "community_id"}
GROUP_COLUMN = {"month": 0, "community": 1, "unit": 2}  # position in a rollup row


@dataclass(frozen=True)
class ScoreSettings:
    weights: dict
    basic_credit: float
    min_ranked: int  # units and communities with fewer orders in the period are listed apart


DEFAULT_MIN_RANKED = 10


def score_settings() -> ScoreSettings:
    row = ScoreWeights.objects.order_by("id").first()
    if row is None:
        return ScoreSettings(metrics.DEFAULT_WEIGHTS, metrics.DEFAULT_BASIC_CREDIT, DEFAULT_MIN_RANKED)
    weights = {"response": row.response, "resolution": row.resolution, "satisfaction": row.satisfaction}
    return ScoreSettings(weights, float(row.basic_credit), row.min_ranked)


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


def overall_rates(*, scope: Scope, period: Period, reader: Reader | None = None) -> dict:
    reader = reader or Reader(scope)
    settings = reader.once("weights", score_settings)
    return _with_rates(reader.totals(period), settings.weights, settings.basic_credit)


def rate_ranking(
    *, scope: Scope, period: Period, by: str = "unit", reader: Reader | None = None
) -> list[dict]:
    """三率 and composite score per unit, community or month, best score first (months in order).

    Units and communities with fewer than `min_ranked` orders (an admin setting) come last with
    `rank` None: a rate of two orders is 0 or 100 %, not a standing.
    """
    reader = reader or Reader(scope)
    settings = reader.once("weights", score_settings)
    column = GROUP_COLUMN[by]
    result = [
        {"key": _key(key), **_with_rates(m, settings.weights, settings.basic_credit)}
        for key, m in reader.grouped(period, column).items()
        if m["received"]
    ]
    if by == "month":
        for item in result:
            item["label"] = item["key"][:7]
        return sorted(result, key=lambda item: item["key"])
    labels = reader.labels(by, [item["key"] for item in result])
    for item in result:
        item["label"] = labels.get(item["key"], "未派单" if by == "unit" else "未定位")
        item["link"] = orders_link(period=period, scope=scope, **({by: item["key"]} if item["key"] else {}))
    for item in result:  # orders without a lead unit (未派单) or place (未定位) are no one's standing
        item["ranked"] = (
            bool(item["key"]) and item["received"] >= settings.min_ranked and item["score"] is not None
        )
    result.sort(key=lambda item: (not item["ranked"], -(item["score"] or 0), -item["received"]))
    for rank, item in enumerate(result, 1):
        item["rank"] = rank if item["ranked"] else None
    return result


def ranking_split(rows: list[dict]) -> dict:
    """A ranking as the pages show it: the ranked rows, and apart the units or communities with
    too few orders (orders without a unit or place are in neither)."""
    return {
        "ranked": [row for row in rows if row["rank"] is not None],
        "unranked": [row for row in rows if row["rank"] is None and row["key"]],
    }


def ranking_minimum(reader: Reader) -> int:
    return reader.once("weights", score_settings).min_ranked


def _field(by: str) -> str:
    return GROUP_FIELDS[by]


def _key(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def deadline_table(
    *, scope: Scope, period: Period, by: str = "unit", reader: Reader | None = None
) -> list[dict]:
    """Per unit (or community): on-time share, overdue now, extensions, redos, 退单 and 改派."""
    reader = reader or Reader(scope)
    ranking = {item["key"]: item for item in rate_ranking(scope=scope, period=period, by=by, reader=reader)}
    events: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    unit_field = "unit_id"
    event_rows = EventRollup.objects.filter(scope.q(unit_field), day__gte=period.start, day__lte=period.end)
    column = unit_field if by == "unit" else "community_id"
    for key, kind, n in event_rows.values_list(column, "kind").annotate(n=Sum("count")):
        events[_key(key)][kind] += n or 0
    overdue = {item["key"]: item["overdue"] for item in overdue_board(scope=scope, by=by, reader=reader)}
    keys = set(ranking) | set(events) | set(overdue)
    labels = reader.labels(by, keys)
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


def overdue_board(*, scope: Scope, by: str = "unit", reader: Reader | None = None) -> list[dict]:
    """Orders in handling now: overdue (deadline day before today) and due within 2 days."""
    reader = reader or Reader(scope)
    return reader.once(("overdue", by), lambda: _overdue_board(scope, by, reader))


def _overdue_board(scope: Scope, by: str, reader: Reader) -> list[dict]:
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
    labels = reader.labels(by, counts.keys())
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
