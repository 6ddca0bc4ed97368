"""The point and task lists as .xlsx (the rows the viewer sees under the same filters)."""

from jiesu.core.xlsx import write_xlsx
from jiesu.registers.selectors import point_list, task_list

EXPORT_MAX = 20_000
POINT_HEADERS = [
    "社区", "小区", "主题", "点位", "问题描述", "来源", "来源编号", "状态", "包户干部",
    "登记时间", "包户时间", "响应时间", "维修时间", "回访时间", "应回访日期", "维修情况", "回访情况", "关联工单",
]  # fmt: skip
TASK_HEADERS = [
    "专项行动",
    "任务",
    "小区",
    "楼栋",
    "负责人",
    "完成期限",
    "状态",
    "开始时间",
    "完成时间",
    "完成情况",
]


def points_export_xlsx(*, user, filters: dict) -> bytes:
    points = point_list(user=user, filters=filters).prefetch_related("orders")[:EXPORT_MAX]
    rows = (
        [
            p.register.community.name,
            p.register.compound.name,
            p.register.topic.name,
            p.place_name,
            p.description,
            p.get_source_display(),
            p.source_ref,
            p.get_status_display(),
            str(p.cadre) if p.cadre else "",
            p.registered_at,
            p.assigned_at,
            p.responded_at,
            p.repaired_at,
            p.revisited_at,
            p.due_on,
            p.repair_note,
            p.revisit_note,
            "、".join(order.number for order in p.orders.all()),
        ]
        for p in points
    )
    return write_xlsx(headers=POINT_HEADERS, rows=rows, sheet_title="点位台账")


def tasks_export_xlsx(*, user, filters: dict) -> bytes:
    tasks = task_list(user=user, filters=filters)[:EXPORT_MAX]
    rows = (
        [
            t.campaign.name,
            t.title,
            t.compound.name,
            f"{t.building.number}号楼" if t.building else "",
            str(t.owner),
            t.due_on,
            t.get_status_display(),
            t.started_at,
            t.done_at,
            t.result,
        ]
        for t in tasks
    )
    return write_xlsx(headers=TASK_HEADERS, rows=rows, sheet_title="专项任务")
