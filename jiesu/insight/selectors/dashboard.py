"""The figures a dashboard, `jiesu stats` and the monthly report show, assembled in one place."""

from jiesu.insight.rollup import insight_ensure_fresh
from jiesu.insight.selectors.figures import heat_table, monthly_trend, share, volume
from jiesu.insight.selectors.names import orders_link
from jiesu.insight.selectors.rates import (
    deadline_table,
    overall_rates,
    overdue_board,
    ranking_minimum,
    ranking_split,
    rate_ranking,
)
from jiesu.insight.selectors.reader import Reader
from jiesu.insight.selectors.rising import rising_history_start, rising_problems
from jiesu.insight.selectors.scope import Period, Scope

RATE_KEYS = ("response_rate", "resolution_rate", "satisfaction_rate", "score", "on_time")


def headline(
    *, scope: Scope, period: Period, top: int = 5, fresh: bool = True, reader: Reader | None = None
) -> dict:
    """Total, change, top categories and the three rates: what `jiesu stats --json` prints."""
    if fresh:
        insight_ensure_fresh()
    reader = reader or Reader(scope)
    vol = volume(scope=scope, period=period, reader=reader)
    rates = overall_rates(scope=scope, period=period, reader=reader)
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat(), "label": period.label()},
        "total": vol["total"],
        "merged": vol["merged"],
        "previous_year": vol["previous_year"],
        "previous_year_period": period.previous_year().label(),
        "yoy_pct": vol["yoy"],
        "previous_period": vol["previous_period"],
        "previous_period_label": period.previous().label(),
        "mom_pct": vol["mom"],
        "top_categories": [
            {"category": row["label"], "count": row["count"], "pct": row["pct"]}
            for row in share(scope=scope, period=period, dim="category", level=2, limit=top, reader=reader)
            if row["key"]
        ][:top],
        "shares_cover_whole_months": period.month_aligned,
        "rates": {key: rates[key] for key in RATE_KEYS},
        "counts": {
            key: rates[key]
            for key in ("response_assessed", "responded_on_time", "visited", "visit_resolved")
            + ("satisfied", "basic", "unsatisfied", "resolved", "resolved_on_time", "open")
        },
    }


def dashboard_data(*, scope: Scope, period: Period, sections: set[str] | None = None) -> dict:
    """Every section reads through one Reader: each period's rollup rows and the slices once."""
    current = insight_ensure_fresh()
    want = sections or {"headline", "trend", "shares", "heat", "rates", "deadline", "overdue", "rising"}
    reader = Reader(scope)
    rising_month = period.end.replace(day=1)
    if want & {"headline", "shares", "heat", "rising"}:
        reader.slices(
            min(period.start.replace(day=1), rising_history_start(rising_month)), rising_month, "category"
        )
    data: dict = {"period": period, "summaries_current": current}
    given = {"scope": scope, "period": period, "reader": reader}
    if "headline" in want:
        data["headline"] = headline(**given, fresh=False)
        data["volume"] = volume(**given)
        data["rate_link"] = orders_link(period=period, scope=scope, counted=1)
    if "trend" in want:
        data["trend"] = monthly_trend(**given)
    if "shares" in want:
        data["shares"] = {
            "category": share(**given, dim="category", level=1),
            "category2": share(**given, dim="category", level=2),
            "channel": share(**given, dim="channel"),
            "appeal_type": share(**given, dim="appeal_type"),
        }
    if "heat" in want:
        data["heat"] = heat_table(**given, by="community")
        data["heat_compound"] = heat_table(**given, by="compound")
    if "rates" in want:
        data["rates_unit"] = rate_ranking(**given, by="unit")
        data["rates_community"] = rate_ranking(**given, by="community")
        data["rates_month"] = rate_ranking(**given, by="month")
        data["ranking_unit"] = ranking_split(data["rates_unit"])
        data["ranking_community"] = ranking_split(data["rates_community"])
        data["ranking_minimum"] = ranking_minimum(reader)
    if "deadline" in want:
        data["deadline"] = deadline_table(**given, by="unit")
    if "overdue" in want:
        data["overdue"] = overdue_board(scope=scope, by="unit", reader=reader)
        data["overdue_total"] = sum(row["overdue"] for row in data["overdue"])
    if "rising" in want:
        data["rising"] = rising_problems(scope=scope, month=rising_month, reader=reader)
        data["rising_warnings"] = [item for item in data["rising"] if item["verdict"] == "rising"]
        data["rising_explained"] = [item for item in data["rising"] if item["verdict"] != "rising"]
        data["rising_month"] = rising_month
    return data
