"""The evaluation's figures on /insight/ and in the monthly report (`core.extensions.report_sections`)."""

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from jiesu.core.extensions import ReportSection
from jiesu.evaluation.models import LedgerItem
from jiesu.evaluation.selectors.figures import LedgerFigures, ledger_figures, round_scores, rounds_evaluated
from jiesu.units.models import Unit

COLUMNS = ["排名", "物业服务项目", "考评得分", "问题数", "已销号", "销号率", "按时整改率", "当前超期"]


def _share(percent: float | None) -> float | None:
    return None if percent is None else percent / 100


def _projects(scope):
    projects = Unit.objects.filter(kind=Unit.Kind.PROPERTY_PROJECT, is_active=True)
    if scope.empty:
        return projects.none()
    if not scope.street_wide:
        visible = Q(id__in=scope.unit_ids)
        if scope.community_id is not None:
            visible |= Q(compounds__community_id=scope.community_id)
        projects = projects.filter(visible)
    if scope.pick_community:
        projects = projects.filter(compounds__community_id=scope.pick_community)
    if scope.pick_unit:
        projects = projects.filter(id=scope.pick_unit)
    return projects.distinct()


def evaluation_section(*, scope, start: date, end: date, **_) -> ReportSection | None:
    """The latest round evaluated by the end of the period: ranking and ledger closure per project."""
    evaluation_round = rounds_evaluated().filter(period_start__lte=end).first()
    projects = list(_projects(scope).order_by("id"))
    if evaluation_round is None or not projects:
        return None
    scores = round_scores(evaluation_round)
    ledger = ledger_figures(LedgerItem.objects.filter(round=evaluation_round), now=timezone.now())
    rows = []
    projects.sort(key=lambda p: (p.pk not in scores, scores.get(p.pk, (0, 0))[1], p.pk))
    for project in projects:
        score, rank = scores.get(project.pk, (None, None))
        figures = ledger.get(project.pk, LedgerFigures())
        rows.append(
            [
                rank,
                project.name,
                None if score is None else float(score),
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
