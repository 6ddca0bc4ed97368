"""Scorecards and rankings: evaluation scores, ledger closure, and the 12345 record as lead unit.

Definitions (docs/governance.md states them in words):
- 考评得分: the indicator system's maximum (100) minus the deductions of a submitted inspection;
  排名 ranks every submitted inspection of a round (equal scores share a rank: 1, 2, 2, 4).
- 问题数: ledger items of the inspections, without those found not so on site (核查不属实);
  销号率 = closed / 问题数; 按时整改率 = items rectified at least once, every time before the
  deadline then in force / items rectified at least once; 当前超期 = being rectified, past due.
- 12345 record: orders received in the round's period and led by the project, from the insight
  summaries (`insight.selectors.rates`, the same 三率 as the dashboard); 每百户诉求量 = orders /
  the households of the compounds it manages × 100.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from jiesu.evaluation.models import Inspection, LedgerItem, Round
from jiesu.evaluation.permissions import project_scope
from jiesu.evaluation.states import OPEN_LEDGER, InspectionStatus, LedgerStatus
from jiesu.insight import metrics
from jiesu.insight.rollup import insight_ensure_fresh
from jiesu.insight.selectors.rates import overall_rates, rate_ranking
from jiesu.insight.selectors.scope import Period, Scope
from jiesu.places.models import Compound
from jiesu.units.models import Unit


@dataclass
class LedgerFigures:
    items: int = 0
    closed: int = 0
    rectified: int = 0
    on_time: int = 0
    overdue: int = 0
    open: int = 0

    @property
    def closure_rate(self) -> float | None:
        return metrics.rate(self.closed, self.items)

    @property
    def on_time_rate(self) -> float | None:
        return metrics.rate(self.on_time, self.rectified)


def ledger_annotations(prefix: str = "", *, now: datetime | None = None) -> dict:
    """Conditional counts that make LedgerFigures, over ledger items reached through `prefix`
    (e.g. "items__" from an inspection); dismissed items are left out."""
    now = now or timezone.now()
    kept = ~Q(**{f"{prefix}status": LedgerStatus.DISMISSED})

    return {
        "n": Count(f"{prefix}id", filter=kept),
        "n_closed": Count(f"{prefix}id", filter=Q(**{f"{prefix}status": LedgerStatus.CLOSED})),
        "n_rectified": Count(f"{prefix}id", filter=kept & Q(**{f"{prefix}rectified_at__isnull": False})),
        "n_on_time": Count(
            f"{prefix}id", filter=kept & Q(**{f"{prefix}rectified_at__isnull": False, f"{prefix}late": False})
        ),
        "n_overdue": Count(  # selectors.ledger.overdue_q, reached through `prefix`
            f"{prefix}id",
            filter=Q(**{f"{prefix}status": LedgerStatus.RECTIFYING, f"{prefix}rectify_due__lt": now}),
        ),
        "n_open": Count(f"{prefix}id", filter=Q(**{f"{prefix}status__in": OPEN_LEDGER})),
    }


def figures_of(row) -> "LedgerFigures":
    get = row.get if isinstance(row, dict) else lambda key: getattr(row, key)
    return LedgerFigures(
        get("n"), get("n_closed"), get("n_rectified"), get("n_on_time"), get("n_overdue"), get("n_open")
    )


def ledger_figures(items: QuerySet, *, by: str = "project_id", now: datetime | None = None) -> dict:
    """LedgerFigures per value of `by` (one query), dismissed items left out."""
    rows = items.order_by().values(by).annotate(**ledger_annotations(now=now))
    return {row[by]: figures_of(row) for row in rows}


def households_by_project(project_ids) -> dict[int, int]:
    rows = (
        Compound.objects.filter(property_project_id__in=list(project_ids))
        .order_by()
        .values("property_project_id")
        .annotate(total=Sum("households"))
    )
    return {row["property_project_id"]: row["total"] or 0 for row in rows}


def round_scores(evaluation_round: Round) -> dict[int, tuple[Decimal, int]]:
    """{project id: (score, rank)} over every submitted inspection of the round."""
    scores = list(
        Inspection.objects.filter(round=evaluation_round, status=InspectionStatus.SUBMITTED)
        .order_by("-score", "project_id")
        .values_list("project_id", "score")
    )
    ranked, rank = {}, 0
    for position, (project_id, score) in enumerate(scores, 1):
        if position == 1 or score != scores[position - 2][1]:
            rank = position
        ranked[project_id] = (score, rank)
    return ranked


def round_period(evaluation_round: Round) -> Period:
    return Period(evaluation_round.period_start, evaluation_round.period_end)


def rounds_evaluated() -> QuerySet:
    """Rounds with at least one submitted inspection, newest first."""
    submitted = Inspection.objects.filter(round=OuterRef("pk"), status=InspectionStatus.SUBMITTED)
    return Round.objects.filter(Exists(submitted)).order_by("-period_start", "-id")


def round_before(evaluation_round: Round) -> Round | None:
    return (
        rounds_evaluated()
        .filter(Q(period_start__lt=evaluation_round.period_start))
        .exclude(pk=evaluation_round.pk)
        .first()
    )


@dataclass
class OrderRecord:
    received: int = 0
    per_100: float | None = None
    response_rate: float | None = None
    resolution_rate: float | None = None
    satisfaction_rate: float | None = None
    score: float | None = None


def _orders(rates: dict | None, households: int) -> OrderRecord:
    rates = rates or {}
    received = rates.get("received", 0)
    return OrderRecord(
        received=received,
        per_100=metrics.rate(received, households),
        response_rate=rates.get("response_rate"),
        resolution_rate=rates.get("resolution_rate"),
        satisfaction_rate=rates.get("satisfaction_rate"),
        score=rates.get("score"),
    )


@dataclass
class RankRow:
    project: Unit
    households: int
    score: Decimal | None
    rank: int | None
    previous: Decimal | None
    ledger: LedgerFigures
    orders: OrderRecord | None

    @property
    def change(self) -> Decimal | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous


def round_ranking(
    *, user, evaluation_round: Round, with_orders: bool, now: datetime | None = None
) -> list[RankRow]:
    """Every project the user may see, ranked by its score in the round (uninspected last)."""
    projects = list(project_scope(user).filter(is_active=True).select_related("parent"))
    scores = round_scores(evaluation_round)
    before = round_before(evaluation_round)
    previous = round_scores(before) if before else {}
    ledger = ledger_figures(LedgerItem.objects.filter(round=evaluation_round), now=now)
    households = households_by_project(p.pk for p in projects)
    orders: dict[str, dict] = {}
    if with_orders:
        insight_ensure_fresh()
        ranking = rate_ranking(
            scope=Scope(street_wide=True), period=round_period(evaluation_round), by="unit"
        )
        orders = {item["key"]: item for item in ranking}
    rows = [
        RankRow(
            project=project,
            households=households.get(project.pk, 0),
            score=scores.get(project.pk, (None, None))[0],
            rank=scores.get(project.pk, (None, None))[1],
            previous=previous.get(project.pk, (None, None))[0],
            ledger=ledger.get(project.pk, LedgerFigures()),
            orders=_orders(orders.get(str(project.pk)), households.get(project.pk, 0))
            if with_orders
            else None,
        )
        for project in projects
    ]
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.project.pk))
    return rows


@dataclass
class CardRound:
    evaluation_round: Round
    inspection: Inspection
    rank: int
    ranked: int  # how many projects were ranked in that round
    ledger: LedgerFigures
    orders: OrderRecord | None


@dataclass
class Scorecard:
    project: Unit
    compounds: list[Compound]
    households: int
    rounds: list[CardRound]
    ledger: LedgerFigures
    categories: list[dict] = field(default_factory=list)  # the latest inspection, per category
    open_items: list[LedgerItem] = field(default_factory=list)

    @property
    def latest(self) -> CardRound | None:
        return self.rounds[-1] if self.rounds else None

    @property
    def trend_max(self) -> Decimal:
        return max((r.inspection.max_score for r in self.rounds), default=Decimal("100"))


def scorecard(*, user, project_id: int, with_orders: bool, now: datetime | None = None) -> Scorecard:
    """One project's card (Unit.DoesNotExist when the user may not see it)."""
    project = project_scope(user).select_related("parent").get(pk=project_id)
    compounds = list(
        Compound.objects.filter(property_project=project).select_related("community").order_by("id")
    )
    households = sum(c.households for c in compounds)
    inspections = list(
        Inspection.objects.filter(project=project, status=InspectionStatus.SUBMITTED)
        .select_related("round")
        .order_by("round__period_start", "round_id")
    )
    per_round = ledger_figures(LedgerItem.objects.filter(project=project), by="round_id", now=now)
    ranked = dict(
        Inspection.objects.filter(
            status=InspectionStatus.SUBMITTED, round__in=[i.round_id for i in inspections]
        )
        .order_by()
        .values("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    if with_orders:
        insight_ensure_fresh()
    rounds = []
    for inspection in inspections:
        orders = None
        if with_orders:
            scope = Scope(street_wide=True, pick_unit=project.pk)
            orders = _orders(overall_rates(scope=scope, period=round_period(inspection.round)), households)
        rounds.append(
            CardRound(
                evaluation_round=inspection.round,
                inspection=inspection,
                rank=round_scores(inspection.round)[project.pk][1],
                ranked=ranked.get(inspection.round_id, 0),
                ledger=per_round.get(inspection.round_id, LedgerFigures()),
                orders=orders,
            )
        )
    total = ledger_figures(LedgerItem.objects.filter(project=project), now=now).get(
        project.pk, LedgerFigures()
    )
    card = Scorecard(project, compounds, households, rounds, total)
    if rounds:
        card.categories = _categories(rounds[-1].inspection)
    card.open_items = list(
        LedgerItem.objects.filter(project=project, status__in=OPEN_LEDGER)
        .select_related("compound", "building__compound", "round")
        .order_by("rectify_due", "pointed_at")
    )
    return card


def _categories(inspection: Inspection) -> list[dict]:
    rows = (
        inspection.scores.order_by()
        .values("indicator__category__code", "indicator__category__name", "indicator__category__order")
        .annotate(top=Sum("indicator__max_score"), deducted=Sum("deduction"))
        .order_by("indicator__category__order", "indicator__category__code")
    )
    return [
        {
            "code": row["indicator__category__code"],
            "name": row["indicator__category__name"],
            "max": row["top"],
            "deducted": row["deducted"],
            "score": row["top"] - row["deducted"],
        }
        for row in rows
    ]
