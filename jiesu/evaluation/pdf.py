"""A project's scorecard as PDF, drawn with reportlab like the monthly report.

The font is the project's embedded Chinese font (`jiesu.core.pdffonts`), as in every PDF.
"""

from io import BytesIO

from django.utils import timezone
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jiesu.core.pdffonts import fonts
from jiesu.evaluation.selectors.figures import Scorecard

FONT, FONT_BOLD = fonts()

TITLE = ParagraphStyle("et", fontName=FONT, fontSize=16, leading=22, spaceAfter=4)
H2 = ParagraphStyle("eh", fontName=FONT, fontSize=12, leading=17, spaceBefore=8, spaceAfter=4)
BODY = ParagraphStyle("eb", fontName=FONT, fontSize=9.5, leading=14)
CELL = ParagraphStyle("ec", fontName=FONT, fontSize=8, leading=10.5)


def _v(value, suffix: str = "") -> str:
    return "—" if value is None else f"{value}{suffix}"


def _table(rows: list[list], widths: list[float], *, wrap: int | None = None) -> Table:
    body = [
        [
            Paragraph(str(cell), CELL) if wrap is not None and i == wrap and r else str(cell)
            for i, cell in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]
    table = Table(body, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f0f0")),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _trend(card: Scorecard) -> Drawing:
    drawing = Drawing(170 * mm, 58 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 12 * mm, 152 * mm, 38 * mm
    chart.data = [[float(r.inspection.score) for r in card.rounds]]
    chart.categoryAxis.categoryNames = [_quarter(r.evaluation_round.period_start) for r in card.rounds]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = float(card.trend_max)
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor("#1f5f99")
    drawing.add(chart)
    drawing.add(String(14 * mm, 53 * mm, "各轮考评得分", fontName=FONT, fontSize=8))
    return drawing


def _quarter(day) -> str:
    """2024-04-01 → 24Q2 (the font has no middle dot; the table below names each round)."""
    return f"{day:%y}Q{(day.month - 1) // 3 + 1}"


def scorecard_pdf(card: Scorecard, *, with_orders: bool) -> bytes:
    project = card.project
    latest = card.latest
    story = [
        Paragraph(f"{project.name} 物业服务考评记分卡", TITLE),
        Paragraph(
            f"物业公司：{project.parent.name if project.parent_id else '—'}　"
            f"管理小区：{'、'.join(c.name for c in card.compounds) or '—'}（共 {card.households} 户）　"
            f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}",
            BODY,
        ),
        Paragraph("一、总体情况", H2),
    ]
    if latest:
        change = ""
        if len(card.rounds) > 1:
            delta = latest.inspection.score - card.rounds[-2].inspection.score
            change = f"，较上轮{'提高' if delta >= 0 else '下降'} {abs(delta)} 分"
        story.append(
            Paragraph(
                f"最近一轮（{latest.evaluation_round.name}）考评得分 <b>{latest.inspection.score}</b> 分"
                f"（满分 {latest.inspection.max_score}），在 {latest.ranked} 个项目中排第 {latest.rank} 名{change}。",
                BODY,
            )
        )
    else:
        story.append(Paragraph("尚无已提交的考评。", BODY))
    ledger = card.ledger
    story.append(
        Paragraph(
            f"问题台账累计 {ledger.items} 项，已销号 {ledger.closed} 项，销号率 {_v(ledger.closure_rate, '%')}；"
            f"按时整改率 {_v(ledger.on_time_rate, '%')}；未办结 {ledger.open} 项，其中整改超期 {ledger.overdue} 项。",
            BODY,
        )
    )
    if with_orders and latest and latest.orders:
        o = latest.orders
        story.append(
            Paragraph(
                f"{latest.evaluation_round.name}作为主办单位承办 12345 诉求 {o.received} 件，每百户 {_v(o.per_100)} 件；"
                f"响应率 {_v(o.response_rate, '%')}，解决率 {_v(o.resolution_rate, '%')}，"
                f"满意率 {_v(o.satisfaction_rate, '%')}，三率综合得分 {_v(o.score)}。",
                BODY,
            )
        )
    if card.rounds:
        story += [Paragraph("二、各轮得分与问题整改", H2), _trend(card)]
        header = ["轮次", "得分", "排名", "问题数", "已销号", "销号率", "按时整改率"]
        widths = [30 * mm, 14 * mm, 16 * mm, 14 * mm, 14 * mm, 16 * mm, 18 * mm]
        if with_orders:
            header += ["诉求量", "每百户", "三率综合"]
            widths += [14 * mm, 14 * mm, 16 * mm]
        rows = [header]
        for r in card.rounds:
            line = [
                r.evaluation_round.name, r.inspection.score, f"{r.rank}/{r.ranked}", r.ledger.items, r.ledger.closed,
                _v(r.ledger.closure_rate, "%"), _v(r.ledger.on_time_rate, "%"),
            ]  # fmt: skip
            if with_orders and r.orders:
                line += [r.orders.received, _v(r.orders.per_100), _v(r.orders.score)]
            rows.append(line)
        story.append(_table(rows, widths))
    if card.categories:
        story.append(Paragraph(f"三、{latest.evaluation_round.name}分项得分", H2))
        rows = [["一级指标", "分值", "扣分", "得分"]] + [
            [f"{c['code']} {c['name']}", c["max"], c["deducted"], c["score"]] for c in card.categories
        ]
        story.append(_table(rows, [60 * mm, 20 * mm, 20 * mm, 20 * mm]))
    story += [CondPageBreak(40 * mm), Paragraph("四、未办结问题", H2)]
    if card.open_items:
        rows = [["编号", "地点", "问题", "状态", "整改时限"]] + [
            [
                item.pk, item.place_name, item.description, item.get_status_display(),
                timezone.localtime(item.rectify_due).strftime("%Y-%m-%d") if item.rectify_due else "—",
            ]
            for item in card.open_items[:40]
        ]  # fmt: skip
        story.append(_table(rows, [14 * mm, 34 * mm, 76 * mm, 22 * mm, 22 * mm], wrap=2))
    else:
        story.append(Paragraph("无。", BODY))
    story.append(Spacer(1, 4 * mm))
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=14 * mm, bottomMargin=14 * mm,
        title=f"{project.name} 物业服务考评记分卡",
    ).build(story)  # fmt: skip
    return buffer.getvalue()
