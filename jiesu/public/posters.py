"""Printable QR posters (A4 PDF, the embedded Chinese font of `core.pdffonts`, QR drawn from segno's matrix).

Each page says where it hangs, so a poster found on the wrong wall is noticed, and carries the
address in print for phones that cannot scan.
"""

from dataclasses import dataclass
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from jiesu.core.pdffonts import fonts
from jiesu.public.qr import qr_matrix

FONT, FONT_BOLD = fonts()
ACCENT = colors.HexColor("#b03a2e")


@dataclass(frozen=True)
class PosterPage:
    title: str  # 扫码反映问题
    place_label: str  # where it hangs
    kind_label: str  # 小区 / 社区 / 小憩驿站
    url: str  # what the QR code opens
    lines: tuple[str, ...]
    issuer: str  # the street or unit that put it up


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines, line = [], ""
    for char in text:
        if pdfmetrics.stringWidth(line + char, FONT, size) > width:
            lines.append(line)
            line = char
        else:
            line += char
    return [*lines, line] if line else lines


def _qr(canvas: Canvas, url: str, x: float, y: float, side: float) -> None:
    matrix = qr_matrix(url)
    count = len(matrix)
    cell = side / count
    canvas.setFillColor(colors.black)
    for row, modules in enumerate(matrix):
        for column, dark in enumerate(modules):
            if dark:
                canvas.rect(
                    x + column * cell, y + side - (row + 1) * cell, cell + 0.05, cell + 0.05, stroke=0, fill=1
                )


def _page(canvas: Canvas, page: PosterPage) -> None:
    width, height = A4
    canvas.setFillColor(ACCENT)
    canvas.rect(0, height - 42 * mm, width, 42 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(FONT, 34)
    canvas.drawCentredString(width / 2, height - 24 * mm, page.title)
    canvas.setFont(FONT, 13)
    canvas.drawCentredString(width / 2, height - 35 * mm, f"{page.issuer}  接诉即办")
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT, 16)
    y = height - 58 * mm
    for line in _wrap(f"本二维码张贴于：{page.place_label}", width - 40 * mm, 16):
        canvas.drawCentredString(width / 2, y, line)
        y -= 8 * mm
    side = 110 * mm
    _qr(canvas, page.url, (width - side) / 2, y - side - 4 * mm, side)
    y -= side + 16 * mm
    canvas.setFont(FONT, 13)
    for text in page.lines:
        for line in _wrap(text, width - 40 * mm, 13):
            canvas.drawCentredString(width / 2, y, line)
            y -= 7 * mm
    canvas.setFont(FONT, 8)
    canvas.setFillColor(colors.HexColor("#555555"))
    for line in _wrap(f"无法扫码时请在浏览器打开：{page.url}", width - 30 * mm, 8):
        canvas.drawCentredString(width / 2, 18 * mm, line)
    canvas.drawCentredString(width / 2, 12 * mm, f"位置类型：{page.kind_label}。请勿遮挡或覆盖本海报。")


def posters_pdf(pages: list[PosterPage]) -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle("二维码海报")
    for page in pages:
        _page(canvas, page)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
