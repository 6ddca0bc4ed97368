"""The evaluation's figures on /insight/ and in the monthly report (`core.extensions.report_sections`)."""

from datetime import date

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from jiesu.core.extensions import ReportSection
from jiesu.evaluation.models import Inspection
from jiesu.evaluation.selectors.figures import figures_of, ledger_annotations, rounds_evaluated
from jiesu.evaluation.states import InspectionStatus
from jiesu.places.models import Compound

COLUMNS = ["排名", "物业服务项目", "考评得分", "问题数", "已销号", "销号率", "按时整改率", "当前超期"]


def _share(percent: float | None) -> float | None:
    return None if percent is None else percent / 100


def _in_scope(scope) -> Q | None:
    """The projects a viewer's insight scope covers (None: all of them; Q(pk__in=[]): none)."""
    visible = None
    if scope.empty:
        return Q(pk__in=[])
    if not scope.street_wide:
        visible = Q(project_id__in=scope.unit_ids)
        if scope.community_id is not None:
            visible |= Q(
                Exists(
                    Compound.objects.filter(
                        property_project=OuterRef("project_id"), community_id=scope.community_id
                    )
                )
            )
    if scope.pick_community:
        picked = Q(
            Exists(
                Compound.objects.filter(
                    property_project=OuterRef("project_id"), community_id=scope.pick_community
                )
            )
        )
        visible = picked if visible is None else visible & picked
    if scope.pick_unit:
        visible = (
            Q(project_id=scope.pick_unit) if visible is None else visible & Q(project_id=scope.pick_unit)
        )
    return visible


def evaluation_section(*, scope, start: date, end: date, **_) -> ReportSection | None:
    """The latest round evaluated by the end of the period: ranking and ledger closure per project.

    One query whatever the number of projects: the round's inspections (ranked street-wide,
    shown within the viewer's scope) with their ledger figures."""
    latest = rounds_evaluated().filter(period_start__lte=end).values("pk")[:1]
    inspections = (
        Inspection.objects.filter(round=Subquery(latest))
        .select_related("round", "project")
        .annotate(**ledger_annotations("items__", now=timezone.now()))
    )
    visible = _in_scope(scope)
    if visible is not None:
        inspections = inspections.annotate(shown=ExpressionWrapper(visible, output_field=BooleanField()))
    inspections = list(inspections.order_by("project_id"))
    if not inspections:
        return None
    evaluation_round = inspections[0].round
    ranked = sorted(
        (i for i in inspections if i.status == InspectionStatus.SUBMITTED),
        key=lambda i: (-i.score, i.project_id),
    )
    ranks, rank = {}, 0
    for position, inspection in enumerate(ranked, 1):
        if position == 1 or inspection.score != ranked[position - 2].score:
            rank = position
        ranks[inspection.project_id] = rank
    shown = [i for i in inspections if getattr(i, "shown", True)]
    if not shown:
        return None
    shown.sort(key=lambda i: (i.project_id not in ranks, ranks.get(i.project_id, 0), i.project_id))
    rows = []
    for inspection in shown:
        figures = figures_of(inspection)
        submitted = inspection.status == InspectionStatus.SUBMITTED
        rows.append(
            [
                ranks.get(inspection.project_id),
                inspection.project.name,
                float(inspection.score) if submitted else None,
                figures.items,
                figures.closed,
                _share(figures.closure_rate),
                _share(figures.on_time_rate),
                figures.overdue,
            ]
        )
    return ReportSection(
        key="evaluation",
        title=f"物业服务项目考评（{evaluation_round.name}）",
        columns=COLUMNS,
        rows=rows,
        note=(
            "得分为该轮第三方评估得分（满分100）；问题数为该轮检查发现的问题（不含核查不属实的），"
            "销号率、按时整改率与当前超期按当前状态统计。"
        ),
        link=reverse("evaluation:ranking") + f"?round={evaluation_round.pk}",
        percent_columns={5, 6},
    )
