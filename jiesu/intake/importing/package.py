"""Checking an .xlsx package before a spreadsheet library parses any of it.

An .xlsx is a zip of XML parts. A spreadsheet library trusts them: it decompresses whatever a part
declares, holds the shared strings and every non-sheet part in memory whole, and pads a row up to
its last cell. So before openpyxl sees the file, this module

1. reads the zip's end record: at most `max_members` parts and a central directory of at most
   `max_directory_bytes` (a forged directory of millions of entries costs memory by itself);
2. adds up the sizes the parts declare (zipfile never inflates a part beyond its declared size,
   and fails on its checksum if the data says otherwise): at most `max_unzipped_bytes` in all,
   `max_shared_strings_bytes` for the shared strings and `max_other_part_bytes` for any other
   part that is parsed whole — a zip bomb is refused here without inflating a byte;
3. streams every XML part through expat once, in 64 KB pieces, counting instead of keeping:
   no DTD or entity declaration, no tag longer than `max_tag_bytes`, in worksheets at most
   `max_rows` rows and `max_columns` columns (by count and by cell reference), at most
   `max_cell_chars` characters in a cell or a shared string, a bounded number of elements per
   cell and outside the rows.

Memory stays at a few 64 KB buffers whatever the file holds; time is one pass of expat.
"""

import re
import struct
import xml.parsers.expat
import zipfile
from typing import BinaryIO

from jiesu.intake.importing.errors import UnusableFile
from jiesu.intake.importing.limits import MB, ImportLimits, number

CHUNK = 64 * 1024
EOCD = struct.Struct("<4s4H2LH")
EOCD_SIGNATURE = b"PK\x05\x06"
CELL_REF_RE = re.compile(r"([A-Za-z]{1,4})(\d{1,9})$")


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size / 1024:,.0f} KB"


def _directory_check(file: BinaryIO, filename: str, limits: ImportLimits) -> None:
    file.seek(0, 2)
    size = file.tell()
    tail_size = min(size, EOCD.size + 65535)
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    file.seek(0)
    at = tail.rfind(EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < EOCD.size:
        raise UnusableFile(f"无法读取「{filename}」：它不是有效的 Excel（.xlsx）文件。")
    _sig, _disk, _cd_disk, _entries_here, entries, directory_size, _offset, _comment = EOCD.unpack(
        tail[at : at + EOCD.size]
    )
    if entries > limits.max_members or directory_size > limits.max_directory_bytes:
        raise UnusableFile(
            f"「{filename}」的压缩包目录异常（{number(entries)} 个部件、目录 {_mb(directory_size)}），"
            f"正常的 Excel 文件不超过 {number(limits.max_members)} 个部件，无法导入。"
        )


def package_open(file: BinaryIO, *, filename: str, limits: ImportLimits) -> dict[str, int]:
    """Check the whole package; returns {worksheet part name: its last row number}.

    Raises UnusableFile naming the cap a file goes past."""
    _directory_check(file, filename, limits)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnusableFile(f"无法读取「{filename}」：它不是有效的 Excel（.xlsx）文件。") from exc
    try:
        infos = archive.infolist()
        total = sum(info.file_size for info in infos)
        if total > limits.max_unzipped_bytes:
            raise UnusableFile(
                f"「{filename}」解压后有 {_mb(total)}，超过 {_mb(limits.max_unzipped_bytes)} 的上限"
                "（可能是“压缩炸弹”），无法导入。请分批导出后再导入。"
            )
        scanned: dict[str, int] = {}
        for info in infos:
            if not info.filename.lower().endswith((".xml", ".rels")):
                continue  # pictures and other binaries: never parsed when reading cells
            scan = _PartScan(name=info.filename, filename=filename, limits=limits)
            scan.run(archive, info)
            if scan.is_worksheet:
                scanned[info.filename] = scan.last_row
        return scanned
    except zipfile.BadZipFile as exc:
        raise UnusableFile(f"读取「{filename}」时出错，文件可能已损坏：{exc}。") from exc
    finally:
        archive.close()
        file.seek(0)


class _PartScan:
    """One pass of expat over one XML part, counting against the caps (nothing is kept)."""

    def __init__(self, *, name: str, filename: str, limits: ImportLimits):
        self.name, self.filename, self.limits = name, filename, limits
        self.is_worksheet = False
        self.last_row = 0
        self._in_rows = False
        self._row_cells = 0
        self._rows_seen = 0
        self._column = 0
        self._cell_depth = 0  # > 0 inside a <c> (worksheet) or an <si> (shared strings)
        self._text = 0
        self._cell_elements = 0
        self._outside = 0
        self._depth = 0
        self._root = ""

    # -- refusing ------------------------------------------------------------------------------
    def _refuse(self, reason: str) -> None:
        raise UnusableFile(f"「{self.filename}」{reason}，无法导入。请检查文件或分批导出后再导入。")

    def _damaged(self, reason: str) -> None:
        raise UnusableFile(f"读取「{self.filename}」时出错，文件可能已损坏：{reason}。")

    def _where(self) -> str:
        return f"第 {number(self.last_row)} 行" if self.is_worksheet else f"的部件「{self.name}」"

    # -- expat handlers --------------------------------------------------------------------------
    def _start(self, name: str, attrs: dict) -> None:
        local = name.rsplit(" ", 1)[-1]
        self._depth += 1
        if self._depth == 1:
            self._root = local
            self.is_worksheet = local == "worksheet"
        if self._cell_depth:
            self._cell_depth += 1
            self._cell_elements += 1
            if self._cell_elements > self.limits.max_elements_per_cell:
                self._refuse(
                    f"{self._where()}有一个单元格结构异常（超过 {self.limits.max_elements_per_cell} 个元素）"
                )
            return
        if self.is_worksheet and local == "row":
            self._row_start(attrs)
        elif self.is_worksheet and local == "c" and self._in_rows:
            self._cell_start(attrs)
        elif local == "si" and self._root == "sst":
            self._cell_depth, self._text, self._cell_elements = 1, 0, 0
        elif local == "sheetData":
            pass
        else:
            self._outside += 1
            if self._outside > self.limits.max_elements_outside_rows:
                self._refuse(
                    f"部件「{self.name}」含有超过 {number(self.limits.max_elements_outside_rows)} 个格式或附加元素"
                )

    def _row_start(self, attrs: dict) -> None:
        reference = attrs.get("r")
        try:
            row = int(reference) if reference else self.last_row + 1
        except ValueError:
            row = 0
        if row < 1:
            self._refuse(f"第 {number(self.last_row + 1)} 行的行号「{str(reference)[:20]}」无效")
        self._rows_seen += 1
        if max(row, self._rows_seen) > self.limits.max_rows:
            self._refuse(
                f"的工作表有 {number(max(row, self._rows_seen))} 行，"
                f"超过 {number(self.limits.max_rows)} 行（含空行）的上限"
            )
        self.last_row = max(self.last_row, row)
        self._in_rows = True
        self._row_cells = 0
        self._column = 0

    def _cell_start(self, attrs: dict) -> None:
        self._row_cells += 1
        reference = attrs.get("r")
        match = CELL_REF_RE.match(reference) if reference else None
        if match:
            column = 0
            for letter in match.group(1).upper():
                column = column * 26 + ord(letter) - 64
        else:
            column = self._column + 1
        self._column = column
        if column > self.limits.max_columns or self._row_cells > self.limits.max_columns:
            self._refuse(
                f"{self._where()}有 {number(max(column, self._row_cells))} 列，"
                f"超过 {number(self.limits.max_columns)} 列的上限"
            )
        self._cell_depth, self._text, self._cell_elements = 1, 0, 0

    def _end(self, name: str) -> None:
        self._depth -= 1
        if self._cell_depth:
            self._cell_depth -= 1
            return
        if self.is_worksheet and name.rsplit(" ", 1)[-1] == "row":
            self._in_rows = False

    def _chars(self, data: str) -> None:
        if self._cell_depth:
            self._text += len(data)
            if self._text > self.limits.max_cell_chars:
                self._refuse(
                    f"{self._where()}有一个单元格超过 {number(self.limits.max_cell_chars)} 个字符的上限"
                )

    def _no_dtd(self, *args) -> None:
        self._refuse("含有 XML 文档类型或实体声明（Excel 文件不会有）")

    # -- the pass --------------------------------------------------------------------------------
    def run(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        """Worksheets are read row by row later, so only the total cap bounds their size; the shared
        strings and every other part are parsed whole, so their own caps apply (by what the part is,
        not by what it is called)."""
        limits = self.limits
        named_sheet = "/worksheets/" in info.filename.lower()
        if not named_sheet and info.file_size > max(
            limits.max_other_part_bytes, limits.max_shared_strings_bytes
        ):
            cap = max(limits.max_other_part_bytes, limits.max_shared_strings_bytes)
            self._refuse(f"的部件「{self.name}」解压后有 {_mb(info.file_size)}，超过 {_mb(cap)} 的上限")
        parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = False
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._chars
        parser.StartDoctypeDeclHandler = self._no_dtd
        parser.EntityDeclHandler = self._no_dtd
        long_tag = re.compile(rb"<[^>]{%d}" % limits.max_tag_bytes)
        carry = b""
        try:
            with archive.open(info) as part:
                while chunk := part.read(CHUNK):
                    window = carry + chunk
                    if long_tag.search(window):
                        self._refuse(f"的部件「{self.name}」含有超长的 XML 标签")
                    opened = window.rfind(b"<")
                    carry = window[opened:] if opened > window.rfind(b">") else b""
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except xml.parsers.expat.ExpatError as exc:
            self._damaged(f"部件「{self.name}」不是有效的 XML（{exc}）")
        if self._root == "sst" and info.file_size > limits.max_shared_strings_bytes:
            self._refuse(
                f"的共享文本部分解压后有 {_mb(info.file_size)}，超过 {_mb(limits.max_shared_strings_bytes)} 的上限"
            )
        if not self.is_worksheet and self._root != "sst" and info.file_size > limits.max_other_part_bytes:
            self._refuse(
                f"的部件「{self.name}」解压后有 {_mb(info.file_size)}，超过 {_mb(limits.max_other_part_bytes)} 的上限"
            )
