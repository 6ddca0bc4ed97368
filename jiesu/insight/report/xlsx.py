"""The monthly report as a workbook: one sheet per table, cells written safely (jiesu.core.xlsx)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from jiesu.core.xlsx import safe_cell


def _sheet(book, title: str, headers: list[str], rows: list[list]):
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    for index, _ in enumerate(headers, 1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 14 if index > 1 else 28
    return sheet


def _pct(value):
    return None if value is None else value / 100


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
            ["本月受理量", h["total"]],
            ["去年同月", h["previous_year"]],
            ["同比(%)", h["yoy_pct"]],
            ["上月", h["previous_period"]],
            ["环比(%)", h["mom_pct"]],
            ["年初至今", data["ytd"]["total"]],
            ["年初至今同比(%)", data["ytd"]["yoy"]],
            ["并单(不计入)", h["merged"]],
            ["响应率(%)", h["rates"]["response_rate"]],
            ["解决率(%)", h["rates"]["resolution_rate"]],
            ["满意率(%)", h["rates"]["satisfaction_rate"]],
            ["综合得分", h["rates"]["score"]],
            ["按时办结率(%)", h["rates"]["on_time"]],
            ["当前超期", data["overdue_total"]],
        ],
    )
    trend = _sheet(
        book,
        "月度趋势",
        ["月份", "受理量", "去年同期", "同比(%)"],
        [[m["label"], m["count"], m["last_year"], m["yoy"]] for m in data["trend"]],
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
        ["问题分类", "件数", "占比(%)"],
        [[r["label"], r["count"], r["pct"]] for r in data["top_problems"]],
    )
    _sheet(
        book,
        "预警",
        ["维度", "名称", "本月", "前三月月均"],
        [[a["dim"], a["label"], a["count"], a["mean"]] for a in data["alerts"]],
    )
    rate_headers = ["名次", "名称", "受理", "响应率(%)", "解决率(%)", "满意率(%)", "综合得分"]
    for title, rows in (("三率-单位", data["rates_unit"]), ("三率-社区", data["rates_community"])):
        _sheet(
            book,
            title,
            rate_headers,
            [
                [
                    r["rank"],
                    r["label"],
                    r["received"],
                    r["response_rate"],
                    r["resolution_rate"],
                    r["satisfaction_rate"],
                    r["score"],
                ]
                for r in rows
            ],
        )
    _sheet(
        book,
        "办理时效",
        ["承办单位", "受理", "按时办结率(%)", "在办", "当前超期", "延期", "重办", "退单", "改派"],
        [
            [
                r["label"],
                r["received"],
                r["on_time"],
                r["open"],
                r["overdue"],
                r["extensions"],
                r["redos"],
                r["returns"],
                r["reassignments"],
            ]
            for r in data["deadline"]
        ],
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
        _sheet(book, section.title[:31], section.columns, item["rows"])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
