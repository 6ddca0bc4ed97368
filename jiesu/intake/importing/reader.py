"""Reading a platform export (.xlsx or .csv) into a table: its header and numbered data rows.

The header row is the first of the first ten rows that names an order-number column; in a
workbook, the first sheet that has one is used. Anything else makes the file unusable.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from openpyxl import load_workbook

from jiesu.intake.importing.errors import UnusableFile
from jiesu.intake.importing.headers import HEADER_SEARCH_ROWS, REQUIRED, field_label, headers_match

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
EXCEL_TEXT_RE = re.compile(r'^="(.*)"$', re.S)  # ="000123": how exports keep leading zeros


@dataclass(frozen=True)
class Row:
    number: int  # 1-based row number as the spreadsheet shows it
    cells: tuple
    formulas: frozenset[int] = frozenset()  # indexes of cells that held a formula

    def is_blank(self) -> bool:
        return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in self.cells)


@dataclass
class Table:
    sheet: str
    header_row: int
    headers: list[str]
    columns: dict[str, int]
    rows: list[Row] = field(default_factory=list)


def table_read(*, data: bytes, filename: str, mapping: dict[str, list[str]] | None = None) -> Table:
    if not data.strip():
        raise UnusableFile(f"文件「{filename}」是空的。")
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xls" or data.startswith(OLE_MAGIC):
        raise UnusableFile("这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 .csv 后再导入。")
    if suffix in XLSX_SUFFIXES or (not suffix and data.startswith(ZIP_MAGIC)):
        return _xlsx_table(data, filename, mapping)
    if suffix in CSV_SUFFIXES or not suffix:
        return _table_find([("", _csv_rows(data))], mapping)
    raise UnusableFile(f"不支持的文件类型「{suffix}」，请上传 .xlsx 或 .csv 文件。")


def _table_find(sheets, mapping) -> Table:
    looked = []
    for name, rows in sheets:
        looked.append(name)
        table = _table_in(name, rows, mapping)
        if table is not None:
            return table
    where = f"（已查看工作表：{'、'.join(looked)}）" if any(looked) else ""
    raise UnusableFile(f"在文件的前{HEADER_SEARCH_ROWS}行中没有找到「工单编号」列{where}，无法导入。")


def _table_in(name: str, rows, mapping) -> Table | None:
    head: list[Row] = []
    for row in rows:
        head.append(row)
        columns = headers_match(row.cells, mapping)
        if "number" in columns:
            missing = [field_label(f) for f in REQUIRED if f not in columns]
            if missing:
                place = f"工作表「{name}」" if name else "文件"
                raise UnusableFile(
                    f"{place}第{row.number}行的表头缺少必需的列：{'、'.join(missing)}，无法导入。"
                )
            headers = ["" if cell is None else str(cell).strip() for cell in row.cells]
            return Table(sheet=name, header_row=row.number, headers=headers, columns=columns, rows=list(rows))
        if len(head) >= HEADER_SEARCH_ROWS:
            return None
    return None


def _xlsx_table(data: bytes, filename: str, mapping) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of error for what is not an .xlsx package
        raise UnusableFile(f"无法读取「{filename}」：它不是有效的 Excel（.xlsx）文件。") from exc
    try:
        return _table_find(((sheet.title, _sheet_rows(sheet)) for sheet in workbook.worksheets), mapping)
    except UnusableFile:
        raise
    except Exception as exc:  # a damaged sheet inside a valid package
        raise UnusableFile(f"读取「{filename}」时出错，文件可能已损坏：{exc}") from exc
    finally:
        workbook.close()


def _sheet_rows(sheet):
    sheet.reset_dimensions()  # platform files often carry a wrong <dimension>
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        values = tuple(cell.value for cell in cells)
        formulas = frozenset(i for i, cell in enumerate(cells) if cell.data_type == "f")
        yield Row(number=number, cells=values, formulas=formulas)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UnusableFile("无法识别文件编码：CSV 文件应为 UTF-8 或 GB18030（GBK）编码。") from exc


def _csv_rows(data: bytes):
    text = _decode(data)
    if "\x00" in text:
        raise UnusableFile("文件含有二进制内容，不是 CSV 表格。")
    sample = text[:4096].splitlines()[:HEADER_SEARCH_ROWS]
    delimiter = (
        "\t" if sum(line.count("\t") for line in sample) > sum(line.count(",") for line in sample) else ","
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, cells in enumerate(reader, start=1):
        yield Row(number=number, cells=tuple(_csv_cell(cell) for cell in cells))


def _csv_cell(cell: str):
    match = EXCEL_TEXT_RE.match(cell.strip())
    return match.group(1) if match else cell
