"""The monthly report as PDF: reportlab with its built-in CID font (no system fonts needed)."""

from io import BytesIO

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
TITLE = ParagraphStyle("t", fontName=FONT, fontSize=16, leading=22, spaceAfter=6)
H2 = ParagraphStyle("h", fontName=FONT, fontSize=12.5, leading=18, spaceBefore=8, spaceAfter=4)
BODY = ParagraphStyle("b", fontName=FONT, fontSize=10, leading=15)


def _v(value, suffix=""):
    return "—" if value is None else f"{value}{suffix}"


def _text(value) -> str:
    """STSong-Light has no "›": category paths use "/" in the PDF."""
    return str(value).replace(" › ", "/").replace("›", "/")


def _p(text, style) -> Paragraph:
    return Paragraph(_text(text), style)


def _table(rows: list[list], widths=None) -> Table:
    table = Table([[_text(cell) for cell in row] for row in rows], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f0f0")),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


def _trend_chart(trend: list[dict]) -> Drawing:
    drawing = Drawing(170 * mm, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 10 * mm, 150 * mm, 45 * mm
    chart.data = [[m["count"] for m in trend], [m["last_year"] for m in trend]]
    chart.categoryAxis.categoryNames = [m["label"][2:] for m in trend]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor("#c0392b")
    chart.bars[1].fillColor = colors.HexColor("#bbbbbb")
    drawing.add(chart)
    drawing.add(String(14 * mm, 58 * mm, "红：本期　灰：去年同期", fontName=FONT, fontSize=8))
    return drawing


def _chinese_number(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, ones = divmod(number, 10)
    return f"{digits[tens] if tens > 1 else ''}十{digits[ones] if ones else ''}"


def report_pdf(data: dict) -> bytes:
    h = data["headline"]
    r = h["rates"]
    story = [
        _p(data["title"], TITLE),
        _p(f"生成时间：{data['generated_at']:%Y-%m-%d %H:%M}", BODY),
        _p("一、总体情况", H2),
        _p(
            f"本月受理 <b>{h['total']}</b> 件，去年同月 {h['previous_year']} 件，同比 {_v(h['yoy_pct'], '%')}；"
            f"上月 {h['previous_period']} 件，环比 {_v(h['mom_pct'], '%')}。年初至今 {data['ytd']['total']} 件，"
            f"同比 {_v(data['ytd']['yoy'], '%')}。并入主单的重复诉求 {h['merged']} 件不重复计数。",
            BODY,
        ),
        _p(
            f"响应率 {_v(r['response_rate'], '%')}，解决率 {_v(r['resolution_rate'], '%')}，"
            f"满意率 {_v(r['satisfaction_rate'], '%')}，综合得分 {_v(r['score'])}；"
            f"按时办结率 {_v(r['on_time'], '%')}；当前超期 {data['overdue_total']} 件。",
            BODY,
        ),
        _p("二、近12个月受理量", H2),
        _trend_chart(data["trend"]),
        _p("三、突出问题", H2),
        _table(
            [["问题分类", "件数", "占比(%)"]]
            + [[p["label"], p["count"], _v(p["pct"])] for p in data["top_problems"]],
            [110 * mm, 25 * mm, 25 * mm],
        ),
    ]
    if data["alerts"]:
        story.append(
            _p(
                "预警："
                + "；".join(
                    f"{a['dim']}「{a['label']}」本月 {a['count']} 件（前三月月均 {a['mean']}）"
                    for a in data["alerts"][:5]
                ),
                BODY,
            )
        )
    story += [
        _p("四、三率排名（承办单位）", H2),
        _table(
            [["名次", "承办单位", "受理", "响应率", "解决率", "满意率", "综合得分"]]
            + [
                [
                    x["rank"],
                    x["label"],
                    x["received"],
                    _v(x["response_rate"]),
                    _v(x["resolution_rate"]),
                    _v(x["satisfaction_rate"]),
                    _v(x["score"]),
                ]
                for x in data["rates_unit"][:25]
            ],
            [12 * mm, 58 * mm, 16 * mm, 18 * mm, 18 * mm, 18 * mm, 20 * mm],
        ),
        _p("五、超期、延期与退单", H2),
        _table(
            [["承办单位", "受理", "按时办结率", "当前超期", "延期", "重办", "退单", "改派"]]
            + [
                [
                    x["label"],
                    x["received"],
                    _v(x["on_time"]),
                    x["overdue"],
                    x["extensions"],
                    x["redos"],
                    x["returns"],
                    x["reassignments"],
                ]
                for x in data["deadline"][:25]
            ],
            [52 * mm, 15 * mm, 20 * mm, 17 * mm, 13 * mm, 13 * mm, 13 * mm, 13 * mm],
        ),
        _p("六、各社区逐月受理量", H2),
    ]
    heat = data["heat"]
    story.append(
        _table(
            [["社区", *[m[5:] for m in heat["months"]], "合计"]]
            + [[row["label"], *[c["count"] for c in row["cells"]], row["total"]] for row in heat["rows"]],
            [34 * mm] + [10.5 * mm] * len(heat["months"]) + [14 * mm],
        )
    )
    for number, item in enumerate(data.get("sections", []), start=7):
        section = item["section"]
        story.append(_p(f"{_chinese_number(number)}、{section.title}", H2))
        if section.note:
            story.append(_p(section.note, BODY))
        story.append(_table([section.columns, *item["rows"]]))
    story.append(Spacer(1, 4 * mm))
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=data["title"],
    ).build(story)
    return buffer.getvalue()
