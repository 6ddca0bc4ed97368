"""Building platform export files for the import tests (written into tmp_path)."""

import csv
import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from openpyxl import Workbook

HEADERS = [
    "工单编号",
    "受理时间",
    "诉求人",
    "联系电话",
    "诉求类型",
    "问题分类",
    "诉求内容",
    "问题地址",
    "所属社区",
    "承办单位",
    "派单时间",
    "办理时限",
    "工单状态",
    "办理结果",
    "是否联系",
    "是否解决",
    "是否满意",
]


def order_row(number: str = "2024090100001", **overrides) -> dict:
    row = {
        "工单编号": number,
        "受理时间": "2024-09-02 08:05:00",
        "诉求人": "张三丰",
        "联系电话": "13812345678",
        "诉求类型": "投诉",
        "问题分类": "城乡建设/物业管理/物业服务",
        "诉求内容": "幸福里3号楼楼道灯坏了一周，晚上看不见路。",
        "问题地址": "幸福里3号楼",
        "所属社区": "光明社区",
        "承办单位": "幸福物业",
        "派单时间": "2024-09-02 09:00:00",
        "办理时限": "2024-09-11 18:00:00",
        "工单状态": "办理中",
        "办理结果": "",
        "是否联系": "",
        "是否解决": "",
        "是否满意": "",
    }
    row.update(overrides)
    return row


def _cells(rows, headers):
    """Each row as a list in header order (a dict by header, or a list as is)."""
    return [
        [row.get(header, "") for header in headers] if isinstance(row, dict) else list(row) for row in rows
    ]


def write_csv(path: Path, rows, headers=HEADERS, encoding: str = "utf-8-sig", before=()) -> Path:
    buffer = StringIO(newline="")
    writer = csv.writer(buffer)
    for line in before:
        writer.writerow(line)
    writer.writerow(headers)
    writer.writerows(_cells(rows, headers))
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows, headers=HEADERS, before=(), sheets_before=()) -> Path:
    """`before`: rows above the header (a title row); `sheets_before`: {title: rows} sheets first."""
    workbook = Workbook()
    first = workbook.active
    for title, sheet_rows in dict(sheets_before).items():
        sheet = workbook.create_sheet(title, 0)
        for line in sheet_rows:
            sheet.append(list(line))
    first.title = "工单"
    for line in before:
        first.append(list(line))
    first.append(list(headers))
    for cells in _cells(rows, headers):
        first.append([None if cell == "" else cell for cell in cells])
    workbook.save(path)
    return path


def import_json(path: Path, *args: str) -> dict:
    out = StringIO()
    call_command("import-orders", str(path), "--json", *args, stdout=out)
    return json.loads(out.getvalue())
