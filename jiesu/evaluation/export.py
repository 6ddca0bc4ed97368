"""Excel exports of the ledger and the ranking (safe cells: nothing is read as a formula)."""

from collections.abc import Iterable

from django.utils import timezone

from jiesu.core.xlsx import write_xlsx
from jiesu.evaluation.models import LedgerItem
from jiesu.evaluation.selectors.figures import RankRow
from jiesu.evaluation.selectors.ledger import is_overdue

LEDGER_HEADERS = [
    "编号", "轮次", "物业服务项目", "社区", "小区", "楼栋", "对应指标", "问题描述", "严重程度", "状态",
    "发现时间", "核查时间", "整改时限", "整改完成时间", "整改情况", "是否超期", "曾超期整改",
    "回头看日期", "销号时间", "重新整改次数",
]  # fmt: skip


def _yes(value: bool) -> str:
    return "是" if value else "否"


def ledger_xlsx(items: Iterable[LedgerItem]) -> bytes:
    now = timezone.now()
    rows = (
        [
            item.pk,
            item.round.name,
            item.project.name,
            item.community.name,
            item.compound.name,
            f"{item.building.number}号楼" if item.building_id else "",
            str(item.indicator) if item.indicator_id else "",
            item.description,
            item.get_severity_display(),
            item.get_status_display(),
            item.pointed_at,
            item.verified_at,
            item.rectify_due,
            item.rectified_at,
            item.rectification,
            _yes(is_overdue(item, now)),
            _yes(item.late),
            item.lookback_due,
            item.closed_at,
            item.reopen_count,
        ]
        for item in items
    )
    return write_xlsx(headers=LEDGER_HEADERS, rows=rows, sheet_title="问题台账")


def _num(value):
    return None if value is None else float(value)


def ranking_xlsx(rows: list[RankRow], *, with_orders: bool) -> bytes:
    headers = ["排名", "物业服务项目", "物业公司", "户数", "考评得分", "较上轮", "问题数", "已销号",
               "销号率(%)", "按时整改率(%)", "当前超期"]  # fmt: skip
    if with_orders:
        headers += ["12345诉求量", "每百户诉求量", "响应率(%)", "解决率(%)", "满意率(%)", "三率综合得分"]
    table = []
    for row in rows:
        line = [
            row.rank, row.project.name, row.project.parent.name if row.project.parent_id else "", row.households,
            _num(row.score), _num(row.change), row.ledger.items, row.ledger.closed, row.ledger.closure_rate,
            row.ledger.on_time_rate, row.ledger.overdue,
        ]  # fmt: skip
        if with_orders and row.orders is not None:
            o = row.orders
            line += [o.received, o.per_100, o.response_rate, o.resolution_rate, o.satisfaction_rate, o.score]
        table.append(line)
    return write_xlsx(headers=headers, rows=table, sheet_title="物业排名")
