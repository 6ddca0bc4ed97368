"""Writing .xlsx files that are safe to open: no cell is ever read as a formula."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

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


def write_xlsx(*, headers: Sequence[str], rows: Iterable[Sequence], sheet_title: str = "Sheet1") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title)
    sheet.append(list(headers))
    for row in rows:
        cells = []
        for value in row:
            value = safe_cell(value)
            if isinstance(value, str):
                # store as an explicit string cell so Excel never evaluates it
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
