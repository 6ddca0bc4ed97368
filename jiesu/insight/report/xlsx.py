"""The monthly report as a workbook: one sheet per table, cells written safely (jiesu.core.xlsx).

Rates are stored as fractions with a percent format (97.26 % shows as 97.26% and sums as a
number), headers are bold and frozen, and month columns carry their year.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from jiesu.core.xlsx import safe_cell

PERCENT = "0.00%"


class Pct(float):
    """A rate already divided by 100, to be shown with the percent format."""


def _pct(value):
    return None if value is None else Pct(value / 100)


def _sheet(book, title: str, headers: list[str], rows: list[list]):
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
        for cell, value in zip(sheet[sheet.max_row], row, strict=False):
            if isinstance(value, Pct):
                cell.number_format = PERCENT
    for index, _ in enumerate(headers, 1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 14 if index > 1 else 30
    sheet.freeze_panes = "B2"
    return sheet


def _rate_rows(rows: list[dict]) -> list[list]:
    return [
        [r["rank"] if r["rank"] is not None else "不排名", r["label"], r["received"], _pct(r["response_rate"]),
         _pct(r["resolution_rate"]), _pct(r["satisfaction_rate"]), r["score"]]
        for r in rows
    ]  # fmt: skip


def report_xlsx(data: dict) -> bytes:
    book = Workbook()
    book.remove(book.active)
    h = data["headline"]
    _sheet(
        book,
        "概况",
        ["指标", "数值"],
        [
            ["报告", data["title"]],
            ["本期受理量", h["total"]],
            [f"去年同期（{h['previous_year_period']}）", h["previous_year"]],
            ["同比", _pct(h["yoy_pct"])],
            [f"上一期（{h['previous_period_label']}）", h["previous_period"]],
            ["环比", _pct(h["mom_pct"])],
            ["年初至今", data["ytd"]["total"]],
            ["年初至今同比", _pct(data["ytd"]["yoy"])],
            ["并单（计入受理量，不计入三率）", h["merged"]],
            ["响应率", _pct(h["rates"]["response_rate"])],
            ["解决率", _pct(h["rates"]["resolution_rate"])],
            ["满意率", _pct(h["rates"]["satisfaction_rate"])],
            ["综合得分", h["rates"]["score"]],
            ["按时办结率", _pct(h["rates"]["on_time"])],
            ["当前超期", data["overdue_total"]],
            ["统计范围", data["scope_label"]],
        ],
    )
    trend = _sheet(
        book,
        "月度趋势",
        ["月份", "受理量", "去年同期", "同比"],
        [[m["label"], m["count"], m["last_year"], _pct(m["yoy"])] for m in data["trend"]],
    )
    chart = BarChart()
    chart.title = "受理量（近12个月）"
    chart.add_data(
        Reference(trend, min_col=2, max_col=3, min_row=1, max_row=len(data["trend"]) + 1),
        titles_from_data=True,
    )
    chart.set_categories(Reference(trend, min_col=1, min_row=2, max_row=len(data["trend"]) + 1))
    trend.add_chart(chart, "F2")
    _sheet(
        book,
        "突出问题",
        ["问题分类", "件数", "占比"],
        [[r["label"], r["count"], _pct(r["pct"])] for r in data["top_problems"]],
    )
    _sheet(
        book,
        "本月上升",
        ["维度", "名称", "本月", "前三月月均", "去年同月", "结论", "说明"],
        [
            [
                a["dim"],
                a["label"],
                a["count"],
                a["mean"],
                a["last_year"],
                "预警" if a["verdict"] == "rising" else "不预警",
                a["reason"],
            ]
            for a in data["rising"]
        ],  # fmt: skip
    )
    rate_headers = ["名次", "名称", "受理", "响应率", "解决率", "满意率", "综合得分"]
    for title, rows in (("三率-单位", data["rates_unit"]), ("三率-社区", data["rates_community"])):
        _sheet(book, title, rate_headers, _rate_rows(rows))
    _sheet(
        book,
        "办理时效",
        ["承办单位", "受理", "按时办结率", "在办", "当前超期", "延期", "重办", "退单", "改派"],
        [
            [
                r["label"],
                r["received"],
                _pct(r["on_time"]),
                r["open"],
                r["overdue"],
                r["extensions"],
                r["redos"],
                r["returns"],
                r["reassignments"],
            ]
            for r in data["deadline"]
        ],  # fmt: skip
    )
    heat = data["heat"]
    _sheet(
        book,
        "社区逐月",
        ["社区", *heat["months"], "合计"],
        [[row["label"], *[c["count"] for c in row["cells"]], row["total"]] for row in heat["rows"]],
    )
    for item in data.get("sections", []):
        section = item["section"]
        rows = [
            [
                Pct(v) if i in section.percent_columns and isinstance(v, int | float) else v
                for i, v in enumerate(row)
            ]
            for row in section.rows
        ]
        _sheet(book, section.title[:31], section.columns, rows)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
