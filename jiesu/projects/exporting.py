"""The project list as .xlsx: one row per project, funding by source in its own columns."""

from jiesu.core.xlsx import write_xlsx
from jiesu.projects.figures import Effect, project_effects
from jiesu.projects.models import FundingSource
from jiesu.projects.selectors import ProjectFilters, project_list

EXPORT_MAX = 20_000
HEADERS = [
    "编号", "项目名称", "批次", "类型", "社区", "地点", "来源", "来源说明", "状态", "实施单位", "预算(元)",
    *[f"{label}(元)" for label in FundingSource.labels],
    "提出时间", "立项日期", "开工日期", "完工日期", "完工前同期诉求", "完工后诉求", "对比月数",
]  # fmt: skip


def _row(project, effect: Effect | None) -> list:
    funding = {line.source: float(line.amount) for line in project.funding.all()}
    measured = effect is not None and effect.months > 0
    return [
        project.number,
        project.title,
        project.batch.name,
        project.type.name,
        project.community.name,
        "、".join(str(place) for place in project.places.all()),
        project.get_source_kind_display(),
        project.source_ref or (project.source_whistle.number if project.source_whistle_id else ""),
        project.get_status_display(),
        project.owner_unit.name if project.owner_unit_id else "",
        float(project.budget),
        *[funding.get(source, 0.0) for source in FundingSource.values],
        project.proposed_at,
        project.approved_on,
        project.started_on,
        project.completed_on,
        effect.before if measured else None,
        effect.after if measured else None,
        effect.months if measured else None,
    ]


def projects_export_xlsx(*, user, filters: ProjectFilters) -> bytes:
    projects = list(
        project_list(user=user, filters=filters)
        .select_related("source_whistle")
        .prefetch_related("funding", "places__compound", "places__building")[:EXPORT_MAX]
    )
    effects = project_effects(projects=projects)  # one read of the orders for all of them
    return write_xlsx(
        headers=HEADERS, rows=(_row(p, effects[p.pk]) for p in projects), sheet_title="主动治理项目"
    )
