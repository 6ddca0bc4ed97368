"""Exporting a filtered order list to .xlsx.

Citizens' names and phones are masked in every export, whoever asks: a file leaves the system
and its access can no longer be logged. The scope is the user's (workorder_list applies it).
"""

from collections.abc import Callable
from io import BytesIO
from typing import BinaryIO

from jiesu.core.masking import mask_free_text, mask_name, mask_phone
from jiesu.core.xlsx import column_widths, write_xlsx
from jiesu.workorders.models import Flag, WorkOrder
from jiesu.workorders.selectors import OrderFilters, workorder_list

EXPORT_MAX_ROWS = 100_000
HEADERS = [
    "工单编号",
    "来源渠道",
    "受理时间",
    "诉求人（已脱敏）",
    "联系电话（已脱敏）",
    "诉求类型",
    "问题分类",
    "标题",
    "诉求内容",
    "问题地址",
    "所属社区",
    "小区",
    "承办单位",
    "工单状态",
    "紧急程度",
    "派单时间",
    "办理时限",
    "时限状态",
    "办结时间",
    "办理结果",
    "是否联系",
    "是否解决",
    "是否满意",
    "待核实",
]
FLAG_LABELS = dict(Flag.choices)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _row(order: WorkOrder) -> list:
    return [
        order.number,
        order.get_channel_display(),
        order.received_at,
        mask_name(order.citizen_name),
        mask_phone(order.citizen_phone),
        order.get_appeal_type_display(),
        order.category.path if order.category else order.category_text,
        mask_free_text(order.title),
        mask_free_text(order.content),
        order.address_text,
        order.community.name if order.community else "",
        order.compound.name if order.compound else "",
        order.lead_unit.name if order.lead_unit else order.source_unit,
        order.get_status_display(),
        order.get_urgency_display(),
        order.dispatched_at,
        order.resolve_due,
        order.get_sla_state_display(),
        order.resolved_at,
        mask_free_text(order.result),
        _yes_no(order.visit_contacted),
        _yes_no(order.visit_resolved),
        order.get_visit_satisfaction_display(),
        "；".join(FLAG_LABELS.get(flag, flag) for flag in order.flags),
    ]


# column widths (Excel units, a CJK character ≈ 2): long texts wide, dates to fit "2024-09-01 08:05"
WIDTHS = {
    "工单编号": 20,
    "问题分类": 28,
    "标题": 30,
    "诉求内容": 50,
    "问题地址": 30,
    "办理结果": 40,
    "承办单位": 22,
}
DATE_COLUMNS = {"受理时间", "派单时间", "办理时限", "办结时间"}
Progress = Callable[[int, int], None]


def _widths() -> list[float]:
    defaults = column_widths(HEADERS)
    return [
        WIDTHS.get(h, 17 if h in DATE_COLUMNS else default)
        for h, default in zip(HEADERS, defaults, strict=True)
    ]


def orders_export_count(*, user, filters: OrderFilters, limit: int = EXPORT_MAX_ROWS) -> int:
    """How many rows an export of `filters` would have (the page decides: now, or in the background)."""
    return min(workorder_list(user=user, filters=filters).count(), limit)


def orders_export_write(
    *,
    user,
    filters: OrderFilters,
    target: BinaryIO,
    limit: int = EXPORT_MAX_ROWS,
    progress: Progress | None = None,
) -> int:
    """Write the orders `user` sees under `filters` (newest first, at most `limit`, masked) into
    `target` as .xlsx, row by row; returns how many rows were written."""
    total = orders_export_count(user=user, filters=filters, limit=limit) if progress else 0
    orders = workorder_list(user=user, filters=filters)[:limit]
    written = 0

    def rows():
        nonlocal written
        for order in orders.iterator(chunk_size=2000):
            written += 1
            if progress and written % 500 == 0:
                progress(written, total)
            yield _row(order)

    write_xlsx(headers=HEADERS, rows=rows(), sheet_title="工单", widths=_widths(), target=target)
    if progress:
        progress(written, max(total, written))
    return written


def orders_export_xlsx(*, user, filters: OrderFilters, limit: int = EXPORT_MAX_ROWS) -> bytes:
    """The same as bytes (small exports, answered at once)."""
    buffer = BytesIO()
    orders_export_write(user=user, filters=filters, target=buffer, limit=limit)
    return buffer.getvalue()
