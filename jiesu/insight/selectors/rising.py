"""本月上升的问题: categories and compounds whose month is well above the three months before —
and, for each, whether it is a warning or why not.

A rise is not a warning when an admin's seasonal rule covers it (供暖季: 暖气不热 from 15 November,
`SeasonalRule`), or when the same month last year had about as many (a rise that comes every year).
Read from the monthly slices like the shares. The hotspot page shows this same list (hotspots
reads it from here), so the dashboard and the alerts page tell the same story about a rise.
"""

from collections import defaultdict
from datetime import date

from jiesu.insight.models import SeasonalRule
from jiesu.insight.selectors.figures import category_nodes
from jiesu.insight.selectors.names import orders_link
from jiesu.insight.selectors.reader import Reader
from jiesu.insight.selectors.scope import Period, Scope, _add_months

RATIO = 1.5  # this month ≥ 1.5 × the mean of the three months before …
MINIMUM = 8  # … and at least 8 orders
SHOWN = 10


def rising_history_start(month: date) -> date:
    """The first month a rise is compared with: the same month last year."""
    return _add_months(month, -12)


def rising_problems(
    *, scope: Scope, month: date, ratio: float = RATIO, minimum: int = MINIMUM, reader: Reader | None = None
) -> list[dict]:
    """Rises of `month`, warnings first: each with `verdict` rising | seasonal | usual and a `reason`."""
    reader = reader or Reader(scope)
    current = Period.month(month)
    last_year = rising_history_start(month)
    before = {_add_months(month, -n) for n in (1, 2, 3)}
    seasons = reader.once("seasons", lambda: list(SeasonalRule.objects.filter(enabled=True).order_by("id")))
    found = []
    for dim in ("category", "compound"):
        now: dict[str, int] = defaultdict(int)
        past: dict[str, int] = defaultdict(int)
        year_ago: dict[str, int] = defaultdict(int)
        for value, m, n in reader.slices(last_year, month, dim):
            if m == month:
                now[value] += n
            elif m in before:
                past[value] += n
            elif m == last_year:
                year_ago[value] += n
        labels = reader.labels(dim, now.keys())
        for key, n in now.items():
            mean = past.get(key, 0) / 3
            if not key or n < minimum or n < ratio * max(mean, 1):
                continue
            label = labels.get(key, key)
            item = {
                "dim": "问题分类" if dim == "category" else "小区",
                "key": key,
                "label": label,
                "short": label.rsplit(" › ", 1)[-1],
                "count": n,
                "mean": round(mean, 1),
                "last_year": year_ago.get(key, 0),
                "link": orders_link(period=current, scope=scope, **{dim: key}),
            }
            season = _season_for(key, month, seasons, reader) if dim == "category" else None
            item.update(_verdict(item, season, ratio))
            found.append(item)
    found.sort(key=lambda a: (a["verdict"] != "rising", -(a["count"] / max(a["mean"], 1))))
    return found[:SHOWN]


def _season_for(key: str, month: date, seasons: list[SeasonalRule], reader: Reader) -> SeasonalRule | None:
    if not seasons:
        return None
    nodes = category_nodes(reader)
    lineage, node = set(), key
    while node in nodes and node not in lineage:
        lineage.add(node)
        node = str(nodes[node][0])
    return next((s for s in seasons if str(s.category_id) in lineage and s.overlaps_month(month)), None)


def _verdict(item: dict, season: SeasonalRule | None, ratio: float) -> dict:
    last = item["last_year"]
    if season is not None:
        note = f"：{season.note}" if season.note else ""
        return {
            "verdict": "seasonal",
            "reason": f"{season.name}（{season.window}）的季节性问题{note}；去年同月 {last} 件，不作预警。",
        }
    if last and item["count"] < ratio * last:
        return {"verdict": "usual", "reason": f"去年同月 {last} 件，属往年同期水平，不作预警。"}
    return {
        "verdict": "rising",
        "reason": f"明显高于前三个月（月均 {item['mean']} 件）和去年同月（{last} 件），请关注。",
    }
