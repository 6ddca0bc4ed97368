"""Writing .xlsx files that are safe to open: no cell is ever read as a formula."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO
from typing import BinaryIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise text that a spreadsheet would run as a formula (CSV/formula injection)."""
    if isinstance(value, datetime):
        # spreadsheets have no time zones: write the local wall time of aware datetimes
        return (timezone.localtime(value) if timezone.is_aware(value) else value).replace(tzinfo=None)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EDEFF2")
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"  # Excel and WPS both show and sort these as dates
DATE_FORMAT = "yyyy-mm-dd"
MAX_WIDTH = 60


def column_widths(headers: Sequence[str]) -> list[float]:
    """A width per column from its header: CJK characters count double; at least 10."""
    return [
        min(MAX_WIDTH, max(10.0, sum(2 if ord(char) > 0x2E80 else 1 for char in str(h)) + 4)) for h in headers
    ]


def write_xlsx(
    *,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    sheet_title: str = "Sheet1",
    widths: Sequence[float] | None = None,
    target: BinaryIO | None = None,
) -> bytes:
    """A workbook that opens cleanly in Excel and WPS: a bold header row that stays in view
    (frozen) with a filter, column widths, dates as real dates in a date format, and no cell ever
    read as a formula. Written row by row (openpyxl's write-only mode): memory does not grow with
    the rows. Into `target` when given (returns b""), else returned as bytes."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths or column_widths(headers), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}1"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(str(header)))
        cell.data_type = "s"
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            value = safe_cell(value)
            if isinstance(value, str):
                # store as an explicit string cell so Excel never evaluates it
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cells.append(cell)
            elif isinstance(value, datetime | date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    if target is not None:
        workbook.save(target)
        return b""
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
