"""What the grid adds to pages it does not own: workbench tiles, report sections, a panel beside
an order that came from a grid matter. A tile opens the list filtered by the same queue."""

from datetime import date

from django.template.loader import render_to_string
from django.urls import reverse

from jiesu.accounts import access
from jiesu.core.extensions import ReportSection, Tile
from jiesu.grid.models import GridMatter
from jiesu.grid.permissions import sees_any
from jiesu.grid.selectors import QUEUES, matter_figures, matter_list, zero_hotline_months
from jiesu.workorders.models import Channel

GROUP = "网格治理"


def grid_tiles(user) -> list[Tile]:
    if not sees_any(user):
        return []
    queues = ["street_open"] if access.is_street_wide(user) else ["open", "community_open"]
    base = reverse("grid_matters")
    return [
        Tile(
            QUEUES[q][0],
            matter_list(user=user, filters={"queue": q}).count(),
            f"{base}?queue={q}",
            "warn",
            GROUP,
        )
        for q in queues
    ]


def _link(name: str, start: date, end: date) -> str:
    return f"{reverse(name)}?start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"


def matters_section(*, scope, start: date, end: date) -> ReportSection | None:
    found = matter_figures(scope=scope, start=start, end=end)
    if found is None:
        return None
    rows = [
        [
            r.community.name,
            r.matters,
            r.minor,
            r.major,
            r.hard,
            r.settled,
            r.to_community,
            r.to_street,
            r.early_share,
        ]
        for r in found
    ]
    if len(found) > 1:
        total = [sum(r[i] for r in rows) for i in range(1, 8)]
        early = sum(r.early for r in found)
        rows.append(["合计", *total, early / total[0] if total[0] else None])
    return ReportSection(
        key="grid_matters",
        title="网格事项分层处置（4+1+N）",
        columns=[
            "社区",
            "事项",
            "小事",
            "大事",
            "难点",
            "群内解决",
            "上报社区",
            "上报街道",
            "未成12345即化解",
        ],
        rows=rows,
        note=(
            "按发现时间统计（不含撤销）。未成12345即化解＝群内解决或上报工单已办结，且未被居民再以12345反映的事项÷事项。"
            if rows
            else "本期没有网格事项。"
        ),
        link=_link("grid_figures", start, end),
        percent_columns={8},
    )


def zero_months_section(*, scope, start: date, end: date) -> ReportSection | None:
    found = zero_hotline_months(scope=scope, start=start, end=end)
    if found is None:
        return None
    rows = [
        [z.community.name, len(z.months), len(z.zero), "、".join(f"{m:%Y-%m}" for m in z.zero)] for z in found
    ]
    return ReportSection(
        key="grid_zero_months",
        title="12345零工单考核期",
        columns=["社区", "考核期(月)", "零工单月数", "零工单月份"],
        rows=rows,
        note="考核期按自然月；零工单＝该月没有收到来源为12345热线的工单。",
        link=_link("grid_figures", start, end),
    )


def order_panel(request, order) -> str | None:
    if order.channel != Channel.GRID:  # no query for the other channels' orders
        return None
    matter = GridMatter.objects.filter(order_id=order.pk).select_related("group", "reporter").first()
    if matter is None or not access.can(request.user, "view", matter):
        return None
    return render_to_string("grid/_panel.html", {"matter": matter}, request=request)
