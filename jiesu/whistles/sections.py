"""吹哨报到's figures on /insight/ and in the monthly report (`core.extensions.report_sections`)."""

from datetime import date

from django.urls import reverse

from jiesu.core.extensions import ReportSection
from jiesu.whistles.figures import community_figures, scope_empty, unit_figures

UNIT_NOTE = (
    "按召集时间统计（不含撤回）。按时报到率＝时限内报到÷已到时限或已报到；报到用时按工作时间计；"
    "已解决占比＝社区确认解决÷收到；平均评分为报到及时、处置有效、总体满意三项 1–5 分的均值。"
)
COMMUNITY_NOTE = "按吹哨时间统计（不含撤销）；已解决为目前已确认全部解决的吹哨。"


def _link(start: date, end: date) -> str:
    return f"{reverse('whistle_figures')}?start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"


def units_section(*, scope, start: date, end: date) -> ReportSection | None:
    if scope_empty(scope):
        return None
    rows = [
        [row.unit.name, row.received, row.on_time_rate, row.median_hours, row.solved_share, row.mean_rating]
        for row in unit_figures(scope=scope, start=start, end=end)
    ]
    return ReportSection(
        key="whistle_units",
        title="吹哨报到·承办单位",
        columns=["单位", "收到吹哨", "按时报到率", "报到用时中位数(工作小时)", "已解决占比", "平均评分"],
        rows=rows,
        note=UNIT_NOTE if rows else "本期没有吹哨召集。",
        link=_link(start, end),
        percent_columns={2, 4},
    )


def communities_section(*, scope, start: date, end: date) -> ReportSection | None:
    if scope_empty(scope):
        return None
    found = community_figures(scope=scope, start=start, end=end)
    rows = [[row.community.name, row.blown, row.solved, row.solved_share] for row in found]
    if len(found) > 1:
        blown, solved = sum(row.blown for row in found), sum(row.solved for row in found)
        rows.append(["合计", blown, solved, solved / blown if blown else None])
    return ReportSection(
        key="whistle_communities",
        title="吹哨报到·社区",
        columns=["社区", "吹哨", "已解决", "解决占比"],
        rows=rows,
        note=COMMUNITY_NOTE if rows else "本期没有吹哨。",
        link=_link(start, end),
        percent_columns={3},
    )
