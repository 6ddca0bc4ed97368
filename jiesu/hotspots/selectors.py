"""Reading alerts, recurring points and map data. Every read is scoped by the user's role."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from jiesu.accounts import access
from jiesu.hotspots.models import Alert, AlertStatus
from jiesu.insight.rollup import insight_ensure_fresh
from jiesu.insight.selectors.names import scope_label
from jiesu.insight.selectors.rising import rising_problems
from jiesu.insight.selectors.scope import Period, insight_scope
from jiesu.places.models import Building, Community, Compound
from jiesu.workorders.models import Category, WorkOrder
from jiesu.workorders.selectors import workorder_scope
from jiesu.workorders.states import Status

SEASONS = {
    12: "冬",
    1: "冬",
    2: "冬",
    3: "春",
    4: "春",
    5: "春",
    6: "夏",
    7: "夏",
    8: "夏",
    9: "秋",
    10: "秋",
    11: "秋",
}
SEASON_MONTHS = {"春": "3–5月", "夏": "6–8月", "秋": "9–11月", "冬": "12–2月"}


def alert_scope(*, user) -> QuerySet[Alert]:
    """The alerts `user` may see (the alert policy)."""
    return access.scope(user, Alert)


def alert_list(*, user, status: str = "") -> QuerySet[Alert]:
    alerts = alert_scope(user=user).select_related("category", "community", "compound", "building")
    if status:
        alerts = alerts.filter(status=status)
    return alerts.order_by("-raised_at", "-id")


def alert_get(*, user, alert_id: int) -> Alert:
    """One alert in the user's scope; raises Alert.DoesNotExist otherwise."""
    return alert_list(user=user).select_related("acknowledged_by", "rule").get(pk=alert_id)


def alert_orders(*, user, alert: Alert) -> QuerySet[WorkOrder]:
    """The alert's orders the user may see (a unit sees the ones in its own scope)."""
    return (
        workorder_scope(user=user)
        .filter(hotspot_alerts=alert)
        .select_related("category", "community", "compound", "lead_unit")
        .order_by("received_at", "id")
    )


def alert_open_count(*, user) -> int:
    return alert_scope(user=user).filter(status=AlertStatus.OPEN).count()


@dataclass
class RecurringPoint:
    compound: Compound
    building: Building | None
    category: Category
    months: dict[tuple[int, int], int]  # (year, month) → orders
    seasons: dict[str, set[int]] = field(default_factory=dict)  # season → years seen

    @property
    def total(self) -> int:
        return sum(self.months.values())

    @property
    def peak(self) -> int:
        return max(self.months.values())

    @property
    def place_name(self) -> str:
        return str(self.building) if self.building else self.compound.name

    @property
    def recurring_seasons(self) -> list[str]:
        return [season for season, years in self.seasons.items() if len(years) >= 2]

    @property
    def next_season(self) -> str:
        """The next recurring season to prepare for (e.g. '夏季(6–8月)'), or ''."""
        if not self.recurring_seasons:
            return ""
        month = timezone.localdate().month
        ahead = [SEASONS[(month + step - 1) % 12 + 1] for step in range(1, 13)]
        season = next(s for s in ahead if s in self.recurring_seasons)
        return f"{season}季({SEASON_MONTHS[season]})"

    def history(self, until: date) -> list[tuple[str, int]]:
        """The last 24 months as (YYYY-MM, orders), oldest first."""
        index = until.year * 12 + until.month - 1
        result = []
        for i in range(index - 23, index + 1):
            year, month = divmod(i, 12)
            result.append((f"{year}-{month + 1:02d}", self.months.get((year, month + 1), 0)))
        return result


def recurring_points(
    *,
    user,
    months: int = 24,
    min_months: int = 4,
    min_years: int = 2,
    min_per_season: int = 2,
    today: date | None = None,
    compound: int | None = None,
) -> list[RecurringPoint]:
    """(building, or compound when the order has no building) × category with orders in at least
    `min_months` distinct months, or with at least `min_per_season` orders in the same season of at
    least `min_years` years, in the last `months` months. Derived on demand from the orders the
    user may see — only those at `compound` (an id) when given, so a caller about one compound
    (a register's proposals) reads that compound's orders, not the whole street's."""
    today = today or timezone.localdate()
    start = date(today.year - (months // 12), today.month, 1)
    since = datetime.combine(start, time.min, tzinfo=timezone.get_current_timezone())
    tz = timezone.get_current_timezone()
    orders = workorder_scope(user=user).filter(
        received_at__gte=since, compound__isnull=False, category__isnull=False
    )
    if compound is not None:
        orders = orders.filter(compound_id=compound)
    rows = (
        orders.exclude(status=Status.MERGED)
        .annotate(y=ExtractYear("received_at", tzinfo=tz), m=ExtractMonth("received_at", tzinfo=tz))
        .values("compound_id", "building_id", "category_id", "y", "m")
        .annotate(n=Count("id"))
    )
    grouped: dict[tuple, dict[tuple[int, int], int]] = defaultdict(dict)
    for row in rows:
        grouped[row["compound_id"], row["building_id"], row["category_id"]][row["y"], row["m"]] = row["n"]
    keep = {}
    for key, history in grouped.items():
        per_season: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for (year, month), count in history.items():
            per_season[SEASONS[month]][year + 1 if month == 12 else year] += count  # Dec opens next winter
        seasons = {
            season: {year for year, count in years.items() if count >= min_per_season}
            for season, years in per_season.items()
        }
        if len(history) >= min_months or any(len(years) >= min_years for years in seasons.values()):
            keep[key] = (history, {season: years for season, years in seasons.items() if years})
    compounds = Compound.objects.in_bulk({k[0] for k in keep})
    buildings = Building.objects.select_related("compound").in_bulk({k[1] for k in keep if k[1]})
    categories = Category.objects.in_bulk({k[2] for k in keep})
    points = [
        RecurringPoint(compounds[c], buildings.get(b) if b else None, categories[cat], history, seasons)
        for (c, b, cat), (history, seasons) in keep.items()
    ]
    return sorted(points, key=lambda p: (-len(p.months), -p.total, p.place_name))


def recurring_pick(
    points: list[RecurringPoint], *, community: int | None = None, category: int | None = None
) -> list[RecurringPoint]:
    """The points of one community and/or under one category (the category or any level below)."""
    if community:
        points = [p for p in points if p.compound.community_id == community]
    if category:
        picked = Category.objects.filter(pk=category).values_list("path", flat=True).first()
        if picked is None:
            return []
        points = [
            p
            for p in points
            if (p.category.path + Category.SEPARATOR).startswith(picked + Category.SEPARATOR)
        ]
    return points


def recurring_choices(points: list[RecurringPoint]) -> dict:
    """The communities and the categories (level 1 and 2 above each point) to filter the points by."""
    communities = {p.compound.community_id for p in points}
    paths = set()
    for point in points:
        parts = point.category.path.split(Category.SEPARATOR)
        paths |= {Category.SEPARATOR.join(parts[:level]) for level in (1, 2) if len(parts) >= level}
    return {
        "communities": list(
            Community.objects.filter(pk__in=communities).order_by("id").values_list("id", "name")
        ),
        "categories": list(
            Category.objects.filter(path__in=paths).order_by("path").values_list("id", "path")
        ),
    }


def map_data(*, user, days: int = 90) -> dict:
    """Compounds with a position, orders in the last `days` days, open alerts and recurring points,
    all from what the user may see."""
    since = timezone.now() - timedelta(days=days)
    orders = workorder_scope(user=user).filter(received_at__gte=since, compound__isnull=False)
    counts = dict(orders.values_list("compound_id").annotate(n=Count("id")).values_list("compound_id", "n"))
    alerts = alert_list(user=user).exclude(status=AlertStatus.CLOSED)
    alert_rows = defaultdict(list)
    for alert in alerts[:500]:
        alert_rows[alert.compound_id].append(
            {"id": alert.pk, "category": alert.category.name, "category_id": alert.category_id,
             "count": alert.order_count, "status": alert.status, "place": alert.place_name,
             "first": timezone.localtime(alert.first_order_at).date().isoformat()}
        )  # fmt: skip
    recurring = defaultdict(list)
    for point in recurring_points(user=user)[:300]:
        recurring[point.compound.pk].append(
            {"place": point.place_name, "category": point.category.name, "category_id": point.category.pk,
             "months": len(point.months), "seasons": point.recurring_seasons}
        )  # fmt: skip
    compounds = Compound.objects.filter(lat__isnull=False, lng__isnull=False).select_related("community")
    seen = access.visibility(user)
    if not seen.street_wide:
        visible = set(counts) | set(alert_rows) | set(recurring)
        compounds = compounds.filter(Q(pk__in=visible) | Q(community_id=seen.community_id))
    return {
        "days": days,
        "date_from": (timezone.localdate() - timedelta(days=days)).isoformat(),
        "compounds": [
            {
                "id": c.pk,
                "name": c.name,
                "community": c.community.name,
                "lat": c.lat,
                "lng": c.lng,
                "orders": counts.get(c.pk, 0),
                "alerts": alert_rows.get(c.pk, []),
                "recurring": recurring.get(c.pk, []),
            }
            for c in compounds
        ],  # fmt: skip
    }


def rising_with_alerts(*, user, month: date | None = None) -> dict:
    """The dashboard's 本月上升的问题 for `user`'s scope (the same selector), each with the local
    hotspot alerts of its category or compound raised that month, so the alerts page and the
    dashboard tell one story: a rise is a warning, seasonal, as usual, or it is these alerts."""
    month = month or timezone.localdate().replace(day=1)
    insight_ensure_fresh()
    scope = insight_scope(user=user)
    items = rising_problems(scope=scope, month=month)
    start = datetime.combine(month, time.min, tzinfo=timezone.get_current_timezone())
    end = datetime.combine(Period.month(month).end, time.max, tzinfo=timezone.get_current_timezone())
    alerts = list(
        alert_scope(user=user)
        .filter(raised_at__gte=start, raised_at__lte=end)
        .values_list("category__path", "compound_id")
    )
    paths = dict(
        Category.objects.filter(pk__in=[i["key"] for i in items if i["dim"] == "问题分类"]).values_list(
            "id", "path"
        )
    )
    for item in items:
        if item["dim"] == "问题分类":
            path = paths.get(int(item["key"]), "")
            item["local_alerts"] = sum(1 for p, _ in alerts if _related(p, path))
        else:
            item["local_alerts"] = sum(1 for _, compound in alerts if str(compound) == item["key"])
    return {
        "month": month,
        "scope_label": scope_label(scope=scope),
        "warnings": [i for i in items if i["verdict"] == "rising"],
        "explained": [i for i in items if i["verdict"] != "rising"],
    }


def _related(a: str, b: str) -> bool:
    """One category path is the other or lies under it."""
    if not a or not b:
        return False
    sep = Category.SEPARATOR
    return (a + sep).startswith(b + sep) or (b + sep).startswith(a + sep)
