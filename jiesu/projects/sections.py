"""主动治理's figures on /insight/ and in the monthly report (`core.extensions.report_sections`):
per batch of the period's years, projects, approvals, acceptances, funding by source and the
summed season-matched effect of the accepted projects."""

from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from jiesu.core.extensions import ReportSection
from jiesu.projects.figures import batch_figures
from jiesu.projects.models import Batch, FundingSource, Project

NOTE = (
    "资金按已立项（含实施、验收）项目的资金来源合计；成效为已验收项目完工后与上一年同期（按月对应，最多12个月）"
    "该类问题在项目地点的诉求量之和。"
)


def scope_projects(scope):
    """The projects a report scope covers (insight's Scope or any object with the same fields)."""
    if not scope.street_wide and not scope.unit_ids and scope.community_id is None:
        return None
    projects = Project.objects.all()
    if not scope.street_wide:
        visible = Q(owner_unit_id__in=scope.unit_ids)
        if scope.community_id is not None:
            visible |= Q(community_id=scope.community_id)
        projects = projects.filter(visible)
    if getattr(scope, "pick_community", None):
        projects = projects.filter(community_id=scope.pick_community)
    if getattr(scope, "pick_unit", None):
        projects = projects.filter(owner_unit_id=scope.pick_unit)
    return projects


def batches_section(*, scope, start: date, end: date) -> ReportSection | None:
    projects = scope_projects(scope)
    if projects is None:
        return None
    batches = Batch.objects.filter(year__gte=start.year, year__lte=end.year).order_by("opens_on", "id")
    projects = projects.filter(batch__in=batches)
    as_of = min(end + timedelta(days=1), timezone.localdate())
    figures = batch_figures(projects=projects, today=as_of)
    rows = []
    for batch in batches:
        row = figures.get(batch.pk)
        if row is None:
            continue
        rows.append(
            [batch.name, row.projects, row.approved, row.accepted]
            + [float(row.funding[source]) for source in FundingSource.values]
            + [float(row.funding_total), row.before, row.after, row.change_share]
        )
    return ReportSection(
        key="projects_batches",
        title="主动治理·项目批次",
        columns=["批次", "项目", "立项", "已验收"]
        + [f"{label}(元)" for label in FundingSource.labels]
        + ["资金合计(元)", "验收项目·完工前同期诉求", "完工后诉求", "变化"],
        rows=rows,
        note=NOTE if rows else "本期没有主动治理项目。",
        link=reverse("project_batches"),
        percent_columns={11} if rows else set(),
    )
