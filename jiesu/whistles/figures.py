"""The figures of 吹哨报到, per summoned unit and per community, for a period and a viewer's scope.

Definitions (docs/governance.md repeats them):
- a unit's 收到吹哨 counts its summonses issued in the period (withdrawn ones left out);
- 按时报到率 = summonses checked in by their deadline ÷ summonses decided (checked in, or still
  not checked in after the deadline); summonses still within their deadline are not yet decided;
- 报到用时中位数 = the median of working hours from summons to check-in;
- 已解决占比 = summonses the community confirmed solved ÷ summonses received;
- 平均评分 = the mean over rated summonses of (报到及时 + 处置有效 + 总体满意) ÷ 3, on 1–5;
- a community's 吹哨 counts its whistles blown in the period (cancelled ones left out), 已解决 those
  now solved.

A scope is any object with `street_wide`, `unit_ids`, `community_id`, `pick_community` and
`pick_unit` (insight's `Scope`, or `FigureScope.for_user`): street-wide sees every unit and
community; a unit sees its own summonses; a community the whistles it blew.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jiesu.accounts import access
from jiesu.places.models import Community
from jiesu.units.models import Unit
from jiesu.whistles.models import Summons, Whistle
from jiesu.whistles.states import SummonsStatus, WhistleStatus


@dataclass(frozen=True)
class FigureScope:
    street_wide: bool = False
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    community_id: int | None = None
    pick_community: int | None = None
    pick_unit: int | None = None

    @classmethod
    def for_user(cls, user, *, community: int | None = None, unit: int | None = None) -> "FigureScope":
        seen = access.visibility(user)
        return cls(seen.street_wide, seen.unit_ids, seen.community_id, community, unit)


def scope_empty(scope) -> bool:
    return not scope.street_wide and not scope.unit_ids and scope.community_id is None


@dataclass
class UnitRow:
    unit: Unit
    received: int = 0
    decided: int = 0
    on_time: int = 0
    hours: list[float] = field(default_factory=list)
    solved: int = 0
    ratings: list[float] = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.decided if self.decided else None

    @property
    def median_hours(self) -> float | None:
        return round(median(self.hours), 1) if self.hours else None

    @property
    def solved_share(self) -> float | None:
        return self.solved / self.received if self.received else None

    @property
    def mean_rating(self) -> float | None:
        return round(sum(self.ratings) / len(self.ratings), 2) if self.ratings else None


@dataclass
class CommunityRow:
    community: Community
    blown: int = 0
    solved: int = 0

    @property
    def solved_share(self) -> float | None:
        return self.solved / self.blown if self.blown else None


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


def _summonses(scope, start: date, end: date) -> QuerySet[Summons]:
    since, until = _bounds(start, end)
    summonses = Summons.objects.filter(summoned_at__gte=since, summoned_at__lt=until).exclude(
        status=SummonsStatus.WITHDRAWN
    )
    if scope_empty(scope):
        return summonses.none()
    if not scope.street_wide:
        visible = Q(unit_id__in=scope.unit_ids)
        if scope.community_id is not None:
            visible |= Q(whistle__community_id=scope.community_id)
        summonses = summonses.filter(visible)
    if scope.pick_community:
        summonses = summonses.filter(whistle__community_id=scope.pick_community)
    if scope.pick_unit:
        summonses = summonses.filter(unit_id=scope.pick_unit)
    return summonses


def unit_figures(*, scope, start: date, end: date, now: datetime | None = None) -> list[UnitRow]:
    """One row per summoned unit, most summoned first."""
    now = now or timezone.now()
    rows: dict[int, UnitRow] = {}
    fields = (
        "unit_id",
        "unit__name",
        "status",
        "check_in_due",
        "on_time",
        "check_in_working_hours",
        "rated_at",
        "rating_on_time",
        "rating_effective",
        "rating_satisfied",
    )
    for unit_id, name, status, due, on_time, hours, rated_at, r1, r2, r3 in _summonses(
        scope, start, end
    ).values_list(*fields):
        if unit_id not in rows:
            rows[unit_id] = UnitRow(Unit(pk=unit_id, name=name))  # what a row shows: one query in all
        row = rows[unit_id]
        row.received += 1
        if on_time is not None:
            row.decided += 1
            row.on_time += on_time
            row.hours.append(hours or 0.0)
        elif status == SummonsStatus.SUMMONED and due < now:
            row.decided += 1
        row.solved += status == SummonsStatus.SOLVED
        if rated_at is not None:
            row.ratings.append((r1 + r2 + r3) / 3)
    return sorted(rows.values(), key=lambda row: (-row.received, row.unit.name))


def _summoning(unit_ids) -> QuerySet[Summons]:
    return Summons.objects.filter(whistle_id=OuterRef("pk"), unit_id__in=unit_ids)


def community_figures(*, scope, start: date, end: date) -> list[CommunityRow]:
    """One row per community that blew whistles in the period, most first."""
    since, until = _bounds(start, end)
    whistles = Whistle.objects.filter(blown_at__gte=since, blown_at__lt=until).exclude(
        status=WhistleStatus.CANCELLED
    )
    if scope_empty(scope):
        return []
    if not scope.street_wide:
        visible = Q(Exists(_summoning(scope.unit_ids)))
        if scope.community_id is not None:
            visible |= Q(community_id=scope.community_id)
        whistles = whistles.filter(visible)
    if scope.pick_community:
        whistles = whistles.filter(community_id=scope.pick_community)
    if scope.pick_unit:
        whistles = whistles.filter(Exists(_summoning([scope.pick_unit])))
    counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for community_id, name, status in whistles.values_list("community_id", "community__name", "status"):
        counts[community_id, name][0] += 1
        counts[community_id, name][1] += status == WhistleStatus.SOLVED
    rows = [
        CommunityRow(Community(pk=pk, name=name), blown, solved)
        for (pk, name), (blown, solved) in counts.items()
    ]
    return sorted(rows, key=lambda row: (-row.blown, row.community.pk))
