"""The figures of 主动治理: each finished project's effect, per batch the sum of the effects and the
funding by source, and the seasonal suggestions.

**Effect (成效)** — the orders of the project's category (and every category below it) at its
places (the buildings it names; the whole compound where it names none), merged orders left out,
in the months after the completion date and in the same calendar months one year earlier:
after = [completed, completed + m months), before = the same span 12 months earlier, with m = the
whole months elapsed since completion, at most 12. Both windows cover the same months of the year,
so a rainy summer is compared with a rainy summer (season-matched).
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from jiesu.accounts import access
from jiesu.hotspots.selectors import SEASONS, recurring_points
from jiesu.projects.models import FundingLine, FundingSource, Project, ProjectPlace
from jiesu.projects.states import FUNDED, OPEN, ProjectStatus
from jiesu.workorders.models import Category, WorkOrder
from jiesu.workorders.states import Status

MAX_MONTHS = 12


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (0 when end is before start + 1 month)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


@dataclass(frozen=True)
class Effect:
    months: int  # months compared (0: too early to tell)
    before_from: date | None = None
    after_from: date | None = None
    after_to: date | None = None  # exclusive
    before: int = 0
    after: int = 0

    @property
    def before_to(self) -> date | None:
        return add_months(self.after_to, -MAX_MONTHS) if self.after_to else None

    @property
    def change(self) -> int:
        return self.after - self.before

    @property
    def change_share(self) -> float | None:
        return (self.after - self.before) / self.before if self.before else None


def effect_windows(completed_on: date, today: date) -> Effect:
    months = min(months_between(completed_on, today), MAX_MONTHS)
    if months == 0:
        return Effect(months=0)
    after_to = add_months(completed_on, months)
    return Effect(
        months=months,
        before_from=add_months(completed_on, -MAX_MONTHS),
        after_from=completed_on,
        after_to=after_to,
    )


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def category_q(category: Category | None, prefix: str = "category__") -> Q:
    if category is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}path": category.path}) | Q(
        **{f"{prefix}path__startswith": category.path + Category.SEPARATOR}
    )


def places_q(places: list[ProjectPlace]) -> Q:
    buildings = [p.building_id for p in places if p.building_id]
    whole = [p.compound_id for p in places if not p.building_id]
    return Q(building_id__in=buildings) | Q(compound_id__in=whole)


def project_effect(*, project: Project, today: date | None = None) -> Effect | None:
    """None unless the project is accepted; otherwise its season-matched before/after counts."""
    return project_effects(projects=[project], today=today)[project.pk]


def project_effects(*, projects: list[Project], today: date | None = None) -> dict[int, Effect | None]:
    """`project_effect` of many projects in one read of the orders (load their `category` and
    `places` with them): the orders of all their categories at all their places in the widest
    window, each then counted for every project whose category, places and windows it falls in."""
    today = today or timezone.localdate()
    effects: dict[int, Effect | None] = {}
    measured = []
    for project in projects:
        if project.status != ProjectStatus.ACCEPTED or project.completed_on is None:
            effects[project.pk] = None
            continue
        effects[project.pk] = windows = effect_windows(project.completed_on, today)
        if windows.months and project.category_id:
            measured.append((project, windows, list(project.places.all())))
    if not measured:
        return effects
    by_building: dict[int, list[int]] = defaultdict(list)
    by_compound: dict[int, list[int]] = defaultdict(list)
    for index, (_, _, places) in enumerate(measured):
        for place in places:
            if place.building_id:
                by_building[place.building_id].append(index)
            else:
                by_compound[place.compound_id].append(index)
    categories = Q(pk__in=[])
    for category in {project.category for project, _, _ in measured}:
        categories |= category_q(category)
    orders = (
        WorkOrder.objects.filter(categories, places_q([place for *_, places in measured for place in places]))
        .filter(
            received_at__gte=_moment(min(w.before_from for _, w, _ in measured)),
            received_at__lt=_moment(max(w.after_to for _, w, _ in measured)),
        )
        .exclude(status=Status.MERGED)
        .values_list("category__path", "building_id", "compound_id", "received_at")
    )
    counts = [[0, 0] for _ in measured]
    for path, building_id, compound_id, received_at in orders:
        for index in set(by_building.get(building_id, ())) | set(by_compound.get(compound_id, ())):
            project, windows, _ = measured[index]
            own = project.category.path
            if path != own and not path.startswith(own + Category.SEPARATOR):
                continue
            if _moment(windows.before_from) <= received_at < _moment(windows.before_to):
                counts[index][0] += 1
            elif _moment(windows.after_from) <= received_at < _moment(windows.after_to):
                counts[index][1] += 1
    for (project, windows, _), (before, after) in zip(measured, counts, strict=True):
        effects[project.pk] = Effect(**{**windows.__dict__, "before": before, "after": after})
    return effects


@dataclass
class BatchFigures:
    batch_id: int
    projects: int = 0
    approved: int = 0  # 立项 or later
    accepted: int = 0
    measured: int = 0  # accepted projects with at least a month after completion
    before: int = 0
    after: int = 0
    funding: dict[str, Decimal] = field(default_factory=dict)  # source → yuan (approved or later)

    @property
    def funding_total(self) -> Decimal:
        return sum(self.funding.values(), Decimal("0"))

    @property
    def change_share(self) -> float | None:
        return (self.after - self.before) / self.before if self.before else None


def funding_totals(*, projects: QuerySet[Project]) -> dict[int, dict[str, Decimal]]:
    """batch id → source → the funding of its projects approved or later (立项, 实施, 验收)."""
    rows = (
        FundingLine.objects.filter(project__in=projects.filter(status__in=FUNDED).values("pk"))
        .values("project__batch_id", "source")
        .annotate(total=Sum("amount"))
    )
    totals: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in rows:
        totals[row["project__batch_id"]][row["source"]] = row["total"]
    return totals


def batch_figures(*, projects: QuerySet[Project], today: date | None = None) -> dict[int, BatchFigures]:
    """Per batch of `projects` (already scoped): counts, summed effects and funding by source."""
    today = today or timezone.localdate()
    found: dict[int, BatchFigures] = {}
    for batch_id, status in projects.order_by().values_list("batch_id", "status"):
        row = found.setdefault(batch_id, BatchFigures(batch_id))
        row.projects += 1
        row.approved += status in FUNDED
        row.accepted += status == ProjectStatus.ACCEPTED
    accepted = list(
        projects.filter(status=ProjectStatus.ACCEPTED).select_related("category").prefetch_related("places")
    )
    effects = project_effects(projects=accepted, today=today)
    for project in accepted:
        effect = effects[project.pk]
        if effect and effect.months:
            row = found[project.batch_id]
            row.measured += 1
            row.before += effect.before
            row.after += effect.after
    for batch_id, by_source in funding_totals(projects=projects).items():
        found[batch_id].funding = {s: by_source.get(s, Decimal("0")) for s in FundingSource.values}
    for row in found.values():
        if not row.funding:
            row.funding = {s: Decimal("0") for s in FundingSource.values}
    return found


# -- suggestions -------------------------------------------------------------------------------
SEASON_ORDER = ("春", "夏", "秋", "冬")
SEASON_START = {"春": 3, "夏": 6, "秋": 9, "冬": 12}


def next_season(today: date) -> str:
    current = SEASONS[today.month]
    return SEASON_ORDER[(SEASON_ORDER.index(current) + 1) % 4]


def season_start(season: str, today: date) -> date:
    month = SEASON_START[season]
    start = date(today.year, month, 1)
    return start if start > today else date(today.year + 1, month, 1)


@dataclass
class Suggestion:
    point: object  # hotspots.selectors.RecurringPoint
    last_year: int  # orders in the 12 months before the season starts
    in_season: int  # of them, in that season's months
    project: Project | None  # an open or finished project of that category already there


def project_suggestions(
    *, user, season: str = "", today: date | None = None
) -> tuple[str, date, list[Suggestion]]:
    """Places whose recurring points (hotspots) recur in `season` (default: the next one), ranked by
    the orders they drew in the 12 months before the season starts."""
    today = today or timezone.localdate()
    season = season if season in SEASON_ORDER else next_season(today)
    start = season_start(season, today)
    since = add_months(start, -12)
    points = [p for p in recurring_points(user=user, today=today) if season in p.recurring_seasons]
    existing = list(
        access.scope(user, Project)
        .filter(status__in=OPEN | {ProjectStatus.ACCEPTED})
        .select_related("category")
        .prefetch_related("places")
    )
    found = []
    for point in points:
        window = {key: n for key, n in point.months.items() if since <= date(key[0], key[1], 1) < start}
        last_year = sum(window.values())
        in_season = sum(n for (_, month), n in window.items() if SEASONS[month] == season)
        found.append(Suggestion(point, last_year, in_season, _covering(existing, point)))
    found.sort(key=lambda s: (-s.last_year, -s.in_season, s.point.place_name))
    return season, start, found


def _covering(projects: list[Project], point) -> Project | None:
    for project in projects:
        if project.category is None:
            continue
        path = project.category.path + Category.SEPARATOR
        if not (point.category.path + Category.SEPARATOR).startswith(path):
            continue
        for place in project.places.all():
            if place.compound_id == point.compound.pk and (
                place.building_id is None or (point.building and place.building_id == point.building.pk)
            ):
                return project
    return None
