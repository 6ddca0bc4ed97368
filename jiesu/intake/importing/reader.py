"""Reading a platform export (.xlsx or .csv) as a table: its header, then its data rows one by one.

The header row is the first of the first ten rows that names an order-number column; in a
workbook, the first sheet that has one is used. Anything else makes the file unusable.

Nothing is read whole. A workbook is checked part by part first (`package.package_open`: sizes,
rows, columns, cell lengths), then read row by row with openpyxl's read-only mode; a CSV is read
twice as a stream (once to check the caps and count the rows, once to import), with every line and
record bounded. `table_open` is a context manager: the rows are read while the import uses them.
"""

import codecs
import contextlib
import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import BinaryIO

from openpyxl import load_workbook

from jiesu.intake.importing.errors import UnusableFile
from jiesu.intake.importing.headers import HEADER_SEARCH_ROWS, REQUIRED, field_label, headers_match
from jiesu.intake.importing.limits import ImportLimits, import_limits, number
from jiesu.intake.importing.package import package_open

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
EXCEL_TEXT_RE = re.compile(r'^="(.*)"$', re.S)  # ="000123": how exports keep leading zeros
SNIFF_BYTES = 1024 * 1024


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
    rows: Iterator[Row] = field(default_factory=lambda: iter(()))  # the rows after the header
    total: int = 0  # how many rows follow the header (blank ones included), for progress


def file_refusal(*, head: bytes, filename: str, size: int, limits: ImportLimits | None = None) -> str:
    """Why a file cannot be imported, judged from its name, size and first bytes ("" when it may be).
    Cheap enough for the upload form; the caps inside the file are checked when it is read."""
    limits = limits or import_limits()
    suffix = PurePath(filename).suffix.lower()
    if size > limits.max_upload_bytes:
        return f"文件超过 {limits.max_upload_mb} MB 的上限，请分批导出后再导入。"
    if not head.strip() and size <= len(head):
        return f"文件「{filename}」是空的。"
    if suffix == ".xls" or head.startswith(OLE_MAGIC):
        return "这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 .csv 后再导入。"
    if suffix and suffix not in XLSX_SUFFIXES | CSV_SUFFIXES:
        return f"不支持的文件类型「{suffix}」，请上传 .xlsx 或 .csv 文件。"
    return ""


@contextmanager
def table_open(
    *, file: BinaryIO, filename: str, mapping: dict[str, list[str]] | None = None, limits=None
) -> Iterator[Table]:
    """The table in a seekable binary file; its rows are read while the caller iterates them."""
    limits = limits or import_limits()
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    if refusal := file_refusal(head=head, filename=filename, size=size, limits=limits):
        raise UnusableFile(refusal)
    suffix = PurePath(filename).suffix.lower()
    if suffix in XLSX_SUFFIXES or (not suffix and head.startswith(ZIP_MAGIC)):
        with _xlsx_tables(file, filename, limits) as sheets:
            yield _table_find(sheets, mapping)
        return
    encoding, count = _csv_check(file, head, filename, limits)
    rows = _csv_rows(file, encoding, _delimiter(head, encoding), filename, limits)
    try:
        yield _table_find([("", rows, lambda: count)], mapping)
    finally:
        rows.close()


# -- finding the header ----------------------------------------------------------------------------
def _table_find(sheets, mapping) -> Table:
    looked = []
    for name, rows, last_row in sheets:
        looked.append(name)
        table = _table_in(name, rows, mapping)
        if table is not None:
            table.total = max(0, last_row() - table.header_row) if callable(last_row) else 0
            return table
    where = f"（已查看工作表：{'、'.join(looked)}）" if any(looked) else ""
    raise UnusableFile(f"在文件的前{HEADER_SEARCH_ROWS}行中没有找到「工单编号」列{where}，无法导入。")


def _table_in(name: str, rows: Iterator[Row], mapping) -> Table | None:
    for seen, row in enumerate(rows, start=1):
        columns = headers_match(row.cells, mapping)
        if "number" in columns:
            missing = [field_label(f) for f in REQUIRED if f not in columns]
            if missing:
                place = f"工作表「{name}」" if name else "文件"
                raise UnusableFile(
                    f"{place}第{row.number}行的表头缺少必需的列：{'、'.join(missing)}，无法导入。"
                )
            headers = ["" if cell is None else str(cell).strip() for cell in row.cells]
            return Table(sheet=name, header_row=row.number, headers=headers, columns=columns, rows=rows)
        if seen >= HEADER_SEARCH_ROWS:
            return None
    return None


# -- workbooks ------------------------------------------------------------------------------------
@contextmanager
def _xlsx_tables(file: BinaryIO, filename: str, limits: ImportLimits):
    last_rows = package_open(file, filename=filename, limits=limits)
    try:
        workbook = load_workbook(file, read_only=True, data_only=False)
    except UnusableFile:
        raise
    except Exception as exc:  # openpyxl raises many kinds of error for what is not an .xlsx package
        raise UnusableFile(f"无法读取「{filename}」：它不是有效的 Excel（.xlsx）文件。") from exc
    try:
        yield (
            (
                sheet.title,
                _sheet_rows(sheet, filename, limits),
                lambda sheet=sheet: last_rows.get(str(sheet._worksheet_path).lstrip("/"), 0),
            )
            for sheet in workbook.worksheets
        )
    finally:
        workbook.close()


def _sheet_rows(sheet, filename: str, limits: ImportLimits) -> Iterator[Row]:
    sheet.reset_dimensions()  # platform files often carry a wrong <dimension>
    number_ = 0
    try:
        for number_, cells in enumerate(sheet.iter_rows(), start=1):
            if (
                number_ > limits.max_rows or len(cells) > limits.max_columns
            ):  # checked before; kept as a guard
                raise UnusableFile(f"「{filename}」第{number_}行超出行数或列数上限，无法导入。")
            values = tuple(cell.value for cell in cells)
            formulas = frozenset(i for i, cell in enumerate(cells) if cell.data_type == "f")
            yield Row(number=number_, cells=values, formulas=formulas)
    except UnusableFile:
        raise
    except Exception as exc:  # a damaged sheet inside a valid package
        raise UnusableFile(f"读取「{filename}」第{number_ + 1}行时出错，文件可能已损坏：{exc}") from exc


# -- CSV ------------------------------------------------------------------------------------------
class _BoundedLines:
    """Lines of a text stream for csv.reader, none longer than `limit`, and no record (which may
    span lines inside quotes) longer than `limit` in all: memory stays bounded on a file without
    line breaks or with one endless quoted cell."""

    def __init__(self, text: io.TextIOBase, *, limit: int, filename: str, limits: ImportLimits):
        self.text, self.limit, self.filename, self.limits = text, limit, filename, limits
        self.pending = 0
        self.record = 1

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.limit + 1)
        if not line:
            raise StopIteration
        if "\x00" in line:
            raise UnusableFile("文件含有二进制内容，不是 CSV 表格。")
        self.pending += len(line)
        if self.pending > self.limit:
            raise UnusableFile(
                f"「{self.filename}」第{self.record}行超过 {number(self.limit)} 个字符"
                f"（最多 {number(self.limits.max_columns)} 列、每格最多 {number(self.limits.max_cell_chars)} 个字），"
                "无法导入。"
            )
        return line

    def record_done(self) -> None:
        self.pending = 0
        self.record += 1


def _csv_records(file: BinaryIO, encoding: str, delimiter: str, filename: str, limits: ImportLimits):
    """(row number, cells) for every record, checked against the caps."""
    file.seek(0)
    text = io.TextIOWrapper(file, encoding=encoding, newline="")
    try:
        lines = _BoundedLines(text, limit=limits.max_record_chars, filename=filename, limits=limits)
        if csv.field_size_limit() <= limits.max_cell_chars:
            csv.field_size_limit(limits.max_cell_chars + 1)  # only ever raised; our own cap is below
        reader = csv.reader(lines, delimiter=delimiter)
        number_ = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise UnusableFile(
                    f"「{filename}」第{number_ + 1}行有一个单元格超过 {number(limits.max_cell_chars)} 个字符的上限，无法导入。"
                    if "field larger" in str(exc)
                    else f"「{filename}」第{number_ + 1}行不是有效的 CSV：{exc}"
                ) from exc
            number_ += 1
            lines.record_done()
            if number_ > limits.max_rows:
                raise UnusableFile(
                    f"「{filename}」超过 {number(limits.max_rows)} 行（含空行）的上限，无法导入。请分批导出后再导入。"
                )
            if len(cells) > limits.max_columns:
                raise UnusableFile(
                    f"「{filename}」第{number_}行有 {number(len(cells))} 列，"
                    f"超过 {number(limits.max_columns)} 列的上限，无法导入。"
                )
            if any(len(cell) > limits.max_cell_chars for cell in cells):
                raise UnusableFile(
                    f"「{filename}」第{number_}行有一个单元格超过 {number(limits.max_cell_chars)} 个字符的上限，无法导入。"
                )
            yield number_, cells
    finally:
        with contextlib.suppress(ValueError):  # ValueError: the caller closed it already
            text.detach()  # leave the caller's file open


def _csv_count(file, encoding, delimiter, filename, limits) -> int:
    return sum(1 for _ in _csv_records(file, encoding, delimiter, filename, limits))


def _csv_check(file: BinaryIO, head: bytes, filename: str, limits: ImportLimits) -> tuple[str, int]:
    """The file's encoding (UTF-8, else GB18030) and its number of records, after one checking
    pass over the whole file."""
    candidates = ["utf-8-sig", "gb18030"] if _looks_utf8(head) else ["gb18030"]
    for encoding in candidates:
        try:
            rows = _csv_count(file, encoding, _delimiter(head, encoding), filename, limits)
        except UnicodeDecodeError:
            continue
        file.seek(0)
        return encoding, rows
    raise UnusableFile("无法识别文件编码：CSV 文件应为 UTF-8 或 GB18030（GBK）编码。")


def _looks_utf8(head: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(head: bytes, encoding: str) -> str:
    sample = head[:4096].decode(encoding, errors="ignore").splitlines()[:HEADER_SEARCH_ROWS]
    tabs = sum(line.count("\t") for line in sample)
    return "\t" if tabs > sum(line.count(",") for line in sample) else ","


def _csv_rows(file, encoding, delimiter, filename, limits) -> Iterator[Row]:
    for number_, cells in _csv_records(file, encoding, delimiter, filename, limits):
        yield Row(number=number_, cells=tuple(_csv_cell(cell) for cell in cells))


def _csv_cell(cell: str):
    match = EXCEL_TEXT_RE.match(cell.strip())
    return match.group(1) if match else cell
