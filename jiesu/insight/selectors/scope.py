"""Who sees which figures: the same rules as workorders.selectors.workorder_scope, on the summaries.

Street-wide roles see the whole street. A community worker sees orders in their community and
orders their community's unit leads; property and department staff see the orders their units
lead. Co-handled orders count for the lead unit only (a figure counts each order once).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q

from jiesu.accounts import access


@dataclass(frozen=True)
class Scope:
    street_wide: bool
    community_id: int | None = None  # the user's own community (community workers)
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    pick_community: int | None = None  # narrowed by the dashboard's picker
    pick_unit: int | None = None

    @property
    def empty(self) -> bool:
        return not self.street_wide and not self.unit_ids and self.community_id is None

    def q(self, unit_field: str = "lead_unit_id") -> Q:
        """A filter on any summary with community_id and a unit column."""
        if self.empty:
            return Q(pk__in=[])
        q = Q()
        if not self.street_wide:
            q = Q(**{f"{unit_field}__in": self.unit_ids})
            if self.community_id is not None:
                q |= Q(community_id=self.community_id)
        if self.pick_community:
            q &= Q(community_id=self.pick_community)
        if self.pick_unit:
            q &= Q(**{unit_field: self.pick_unit})
        return q


def insight_scope(*, user, community: int | None = None, unit: int | None = None) -> Scope:
    """The figures `user` may see: the same visibility as the work-order policy, on the summaries."""
    seen = access.visibility(user)
    if seen.street_wide:
        return Scope(street_wide=True, pick_community=community, pick_unit=unit)
    return Scope(
        street_wide=False,
        community_id=seen.community_id,
        unit_ids=seen.unit_ids,
        pick_community=community,
        pick_unit=unit,
    )


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @classmethod
    def month(cls, first: date) -> "Period":
        return cls(first, _month_end(first))

    @property
    def month_aligned(self) -> bool:
        return self.start.day == 1 and self.end == _month_end(self.end)

    def months(self) -> list[date]:
        months, cursor = [], self.start.replace(day=1)
        while cursor <= self.end:
            months.append(cursor)
            cursor = _add_months(cursor, 1)
        return months

    def previous_year(self) -> "Period":
        return Period(_shift_year(self.start), _shift_year(self.end))

    def up_to(self, today: date) -> "Period":
        """The period without its days after `today` (a month still running counts to today)."""
        if self.start <= today < self.end:
            return Period(self.start, today)
        return self

    def previous(self) -> "Period":
        """The period of equal length just before (环比, docs/metrics.md): as many whole months
        when the period is whole months (September → August; Jan–Sep → Apr–Dec of the year
        before), else as many days (1–18 November → 14–31 October)."""
        if self.month_aligned:
            count = len(self.months())
            start = _add_months(self.start, -count)
            return Period(start, self.start - timedelta(days=1))
        length = (self.end - self.start).days + 1
        return Period(self.start - timedelta(days=length), self.start - timedelta(days=1))

    def label(self) -> str:
        if self.month_aligned and self.start.replace(day=1) == self.end.replace(day=1):
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"


def _add_months(first: date, count: int) -> date:
    index = first.year * 12 + first.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _month_end(day: date) -> date:
    return _add_months(day.replace(day=1), 1) - timedelta(days=1)


def _shift_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 Feb
        return day.replace(year=day.year - 1, day=28)
