"""The monthly report as PDF (reportlab), with its Chinese font embedded.

The font is Noto Sans SC (SIL Open Font License), installed from the npm registry by `make setup`
into static/vendor/fonts (see the Makefile). reportlab embeds only the glyphs the report uses (a
subset, a few hundred kB), so the PDF shows the same in any viewer, with or without Chinese fonts.
Without the font files (a set-up that skipped `make assets`) the report falls back to the CID
font STSong-Light, which a viewer must supply itself, and logs a warning.
"""

import logging
from io import BytesIO

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jiesu.core.pdffonts import fonts
from jiesu.insight.templatetags.insight_tags import pct, score

logger = logging.getLogger(__name__)


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    return {
        "title": ParagraphStyle("t", fontName=bold, fontSize=15, leading=21, spaceAfter=4, wordWrap="CJK"),
        "h2": ParagraphStyle("h", fontName=bold, fontSize=12, leading=17, spaceBefore=8, spaceAfter=4),
        "body": ParagraphStyle("b", fontName=regular, fontSize=9.5, leading=14.5, wordWrap="CJK"),
        "cell": ParagraphStyle("c", fontName=regular, fontSize=8, leading=10, wordWrap="CJK"),
        "note": ParagraphStyle("n", fontName=regular, fontSize=8, leading=11, wordWrap="CJK",
                               textColor=colors.HexColor("#555555")),
    }  # fmt: skip


def _text(value) -> str:
    return str(value).replace(" › ", "/")


class Builder:
    def __init__(self):
        self.styles = _styles()
        self.regular, self.bold = fonts()

    def p(self, text, style: str = "body") -> Paragraph:
        return Paragraph(_text(text), self.styles[style])

    def table(self, rows: list[list], widths=None, wrap_first: bool = True, header_size: float = 8) -> Table:
        body = [
            [
                self.p(cell, "cell") if wrap_first and i == 0 and r else _text(cell)
                for i, cell in enumerate(row)
            ]
            for r, row in enumerate(rows)
        ]
        table = Table(body, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), self.regular, 8),
                    ("FONT", (0, 0), (-1, 0), self.bold, header_size),
                    ("LEADING", (0, 0), (-1, 0), header_size + 1.5),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f0f0")),
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
                    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        return table

    def trend_chart(self, trend: list[dict]) -> Drawing:
        drawing = Drawing(180 * mm, 64 * mm)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 12 * mm, 10 * mm, 162 * mm, 44 * mm
        chart.data = [[m["count"] for m in trend], [m["last_year"] for m in trend]]
        chart.categoryAxis.categoryNames = [_heat_header(m["label"]) for m in trend]
        chart.categoryAxis.labels.fontName = self.regular
        chart.categoryAxis.labels.fontSize = 6.5
        chart.categoryAxis.labels.leading = 8
        chart.valueAxis.valueMin = 0
        chart.valueAxis.labels.fontName = self.regular
        chart.valueAxis.labels.fontSize = 7
        chart.bars.strokeColor = None
        chart.bars[0].fillColor = colors.HexColor("#c0392b")
        chart.bars[1].fillColor = colors.HexColor("#bbbbbb")
        drawing.add(chart)
        drawing.add(String(14 * mm, 60 * mm, "红：本期　灰：去年同期", fontName=self.regular, fontSize=8))
        return drawing


def _chinese_number(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, ones = divmod(number, 10)
    return f"{digits[tens] if tens > 1 else ''}十{digits[ones] if ones else ''}"


def _heat_header(month: str) -> str:
    """ "2025-12" → "2025年\\n12月": every month header carries its year."""
    return f"{month[:4]}年\n{int(month[5:])}月"


def report_pdf(data: dict) -> bytes:
    b = Builder()
    h, r = data["headline"], data["headline"]["rates"]
    story = [
        b.p(data["title"], "title"),
        b.p(f"统计范围：{data['scope_label']}；统计期间：{h['period']['label']}；"
            f"生成时间：{data['generated_at']:%Y-%m-%d %H:%M}", "note"),
        b.p("一、总体情况", "h2"),
        b.p(f"本期受理 <b>{h['total']}</b> 件；去年同期（{h['previous_year_period']}）{h['previous_year']} 件，"
            f"同比 {pct(h['yoy_pct'])}；上一期（{h['previous_period_label']}）{h['previous_period']} 件，"
            f"环比 {pct(h['mom_pct'])}。年初至今 {data['ytd']['total']} 件，同比 {pct(data['ytd']['yoy'])}。"
            f"并入主单的重复诉求 {h['merged']} 件计入受理量，不计入三率。"),
        b.p(f"响应率 {pct(r['response_rate'])}，解决率 {pct(r['resolution_rate'])}，"
            f"满意率 {pct(r['satisfaction_rate'])}，综合得分 {score(r['score'])}；"
            f"按时办结率 {pct(r['on_time'])}；当前超期 {data['overdue_total']} 件。"),
        b.p("二、近12个月受理量", "h2"),
        b.trend_chart(data["trend"]),
        b.p("三、突出问题", "h2"),
        b.table(
            [["问题分类", "件数", "占比"]] + [[p["label"], p["count"], pct(p["pct"])] for p in data["top_problems"]],
            [120 * mm, 25 * mm, 25 * mm],
        ),
    ]  # fmt: skip
    story.append(b.p("本月上升的问题", "h2"))
    if not data["rising"]:
        story.append(b.p("本月没有明显上升的问题。"))
    for item in data["rising"]:
        mark = "【预警】" if item["verdict"] == "rising" else "【不预警】"
        story.append(
            b.p(f"{mark}{item['dim']}「{item['label']}」本月 {item['count']} 件，前三个月月均 {item['mean']} 件。"
                f"{item['reason']}")
        )  # fmt: skip
    ranked, unranked = data["ranking_unit"]["ranked"], data["ranking_unit"]["unranked"]
    story.append(b.p("四、三率排名（承办单位）", "h2"))
    if not ranked:
        story.append(b.p(f"本期没有受理满 {data['ranking_minimum']} 件的承办单位，不排名。"))
    if ranked:
        story.append(
            b.table(
                [["承办单位（名次）", "受理", "响应率", "解决率", "满意率", "综合得分"]]
                + [
                    [
                        f"{x['rank']}. {x['label']}",
                        x["received"],
                        pct(x["response_rate"]),
                        pct(x["resolution_rate"]),
                        pct(x["satisfaction_rate"]),
                        score(x["score"]),
                    ]
                    for x in ranked[:30]
                ],  # fmt: skip
                [68 * mm, 16 * mm, 22 * mm, 22 * mm, 22 * mm, 20 * mm],
            )
        )
    if unranked:
        names = "、".join(f"{x['label']}（{x['received']} 件）" for x in unranked)
        story.append(b.p(f"受理不足 {data['ranking_minimum']} 件、不参与排名：{names}。", "note"))
    story += [
        b.p("五、超期、延期与退单", "h2"),
        b.table(
            [["承办单位", "受理", "按时办结率", "当前超期", "延期", "重办", "退单", "改派"]]
            + [
                [
                    x["label"],
                    x["received"],
                    pct(x["on_time"]),
                    x["overdue"],
                    x["extensions"],
                    x["redos"],
                    x["returns"],
                    x["reassignments"],
                ]
                for x in data["deadline"][:30]
            ],  # fmt: skip
            [54 * mm, 15 * mm, 21 * mm, 17 * mm, 13 * mm, 13 * mm, 13 * mm, 13 * mm],
        ),
        b.p("六、各社区逐月受理量", "h2"),
    ]
    heat = data["heat"]
    story.append(
        b.table(
            [["社区", *[_heat_header(m) for m in heat["months"]], "合计"]]
            + [[row["label"], *[c["count"] for c in row["cells"]], row["total"]] for row in heat["rows"]],
            [30 * mm] + [11 * mm] * len(heat["months"]) + [14 * mm],
            header_size=6.5,
        )
    )
    for number, item in enumerate(data.get("sections", []), start=7):
        section = item["section"]
        story.append(b.p(f"{_chinese_number(number)}、{section.title}", "h2"))
        if section.note:
            story.append(b.p(section.note, "note"))
        story.append(b.table([section.columns, *item["rows"]]))
    story.append(Spacer(1, 4 * mm))
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=data["title"],
    ).build(story)
    return buffer.getvalue()
