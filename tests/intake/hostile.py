"""Hostile import files, built small on disk (a few hundred KB to 2 MB) in the test's tmp_path.

An .xlsx is written part by part with a tiny zip writer, so a part can be a raw deflate stream
that inflates to far more than it takes on disk (a zip bomb), without ever holding it in memory.
"""

import struct
import zlib
from collections.abc import Iterable
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
    '<sheets><sheet name="工单" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>工单编号</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>受理时间</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>诉求内容</t></is></c></row>'
)
EMPTY_STRINGS = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="0" uniqueCount="0"/>'
MB = 1024 * 1024


class Part:
    """A raw deflate stream of `pieces` (bytes), or of `repeat` copies of one piece after a head,
    made by compressing the piece three times and repeating the third (identical) block."""

    def __init__(
        self, name: str, head: bytes = b"", repeat: tuple[bytes, int] | None = None, tail: bytes = b""
    ):
        self.name = name
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        crc, size, blocks = 0, 0, []

        def add(data: bytes, times: int = 1):
            nonlocal crc, size
            for _ in range(times):
                crc = zlib.crc32(data, crc)
            size += len(data) * times

        blocks.append(compressor.compress(head) + compressor.flush(zlib.Z_SYNC_FLUSH))
        add(head)
        if repeat:
            piece, times = repeat
            warmup = [
                compressor.compress(piece) + compressor.flush(zlib.Z_SYNC_FLUSH) for _ in range(min(3, times))
            ]
            add(piece, times)
            blocks.extend(warmup)
            if times > 3:
                assert warmup[-1] == warmup[-2], "the piece must be at least the 32 KB deflate window"
                blocks.append(warmup[-1] * (times - 3))  # same window, same block: repeat it
        blocks.append(compressor.compress(tail) + compressor.flush())
        add(tail)
        self.data, self.crc, self.size = b"".join(blocks), crc & 0xFFFFFFFF, size


def write_package(path: Path, parts: Iterable[Part]) -> Path:
    """A zip with deflated parts (enough of a zip for zipfile and openpyxl)."""
    directory, offset = [], 0
    with path.open("wb") as out:
        for part in parts:
            name = part.name.encode()
            header = struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0x800,
                8,
                0,
                0x21,
                part.crc,
                len(part.data),
                part.size,
                len(name),
                0,
            )
            out.write(header + name + part.data)
            directory.append(
                struct.pack(
                    "<4s6H3L5H2L",
                    b"PK\x01\x02",
                    20,
                    20,
                    0x800,
                    8,
                    0,
                    0x21,
                    part.crc,
                    len(part.data),
                    part.size,
                    len(name),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + name
            )
            offset += len(header) + len(name) + len(part.data)
        central = b"".join(directory)
        out.write(central)
        out.write(
            struct.pack(
                "<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory), len(central), offset, 0
            )
        )
    return path


def workbook(path: Path, sheet: Part, strings: Part | None = None) -> Path:
    return write_package(
        path,
        [
            Part("[Content_Types].xml", CONTENT_TYPES.encode()),
            Part("_rels/.rels", ROOT_RELS.encode()),
            Part("xl/workbook.xml", WORKBOOK.encode()),
            Part("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.encode()),
            strings or Part("xl/sharedStrings.xml", EMPTY_STRINGS.encode()),
            sheet,
        ],
    )


def sheet(head: str = "", repeat: tuple[str, int] | None = None, tail: str = "") -> Part:
    return Part(
        "xl/worksheets/sheet1.xml",
        (SHEET_HEAD + HEADER_ROW + head).encode(),
        (repeat[0].encode(), repeat[1]) if repeat else None,
        (tail + SHEET_TAIL).encode(),
    )


# -- the cases ----------------------------------------------------------------------------------
def zip_bomb(path: Path) -> Path:
    """2 MB on disk, 1 GB of whitespace in the sheet once inflated."""
    return workbook(path, sheet(repeat=(" " * MB, 1024)))


def empty_rows(path: Path) -> Path:
    """~180 KB on disk: 20 million empty rows (what took the server past 8 GB)."""
    return workbook(path, sheet(repeat=("<row/>" * 131_072, 153)))  # 20,054,016 rows


def far_row(path: Path) -> Path:
    """A few hundred bytes: one cell in row 20,000,000 (a reader pads every row in between)."""
    return workbook(path, sheet(tail='<row r="20000000"><c r="A20000000"><v>1</v></c></row>'))


def huge_inline_cell(path: Path) -> Path:
    """~200 KB on disk: one 200 MB cell written in the sheet itself."""
    return workbook(
        path,
        sheet(
            head='<row r="2"><c r="A2" t="inlineStr"><is><t>',
            repeat=("a" * MB, 200),
            tail="</t></is></c></row>",
        ),
    )


def huge_shared_string(path: Path, megabytes: int = 200) -> Path:
    """~200 KB on disk: one 200 MB shared string (a reader holds the string table whole)."""
    strings = Part(
        "xl/sharedStrings.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"><si><t>'.encode(),
        (b"a" * MB, megabytes),
        b"</t></si></sst>",
    )
    return workbook(path, sheet(tail='<row r="2"><c r="A2" t="s"><v>0</v></c></row>'), strings)


def wide_sheet(path: Path, columns: int = 10_000) -> Path:
    """A header row of 10,000 columns."""
    cells = "".join(f'<c t="inlineStr"><is><t>列{i}</t></is></c>' for i in range(columns))
    return workbook(path, sheet(tail=f'<row r="2">{cells}</row>'))


def entity_expansion(path: Path) -> Path:
    """The "billion laughs": entities that expand to gigabytes."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    strings = Part(
        "xl/sharedStrings.xml",
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst xmlns="{MAIN}"><si><t>&j;</t></si></sst>'.encode(),
    )
    return workbook(path, sheet(), strings)


def many_parts(path: Path, count: int = 5_000) -> Path:
    """A package of thousands of tiny parts (the zip directory alone costs memory)."""
    return write_package(path, [Part(f"x/{i}.bin", b"") for i in range(count)])


def csv_huge_cell(path: Path, chars: int = 8 * MB) -> Path:
    """A CSV whose second row is one 8 MB cell without a line break (past the longest record)."""
    with path.open("wb") as out:
        out.write("工单编号,受理时间,诉求内容\nA1,2024-09-01,".encode())
        piece = b"a" * MB
        for _ in range(chars // MB):
            out.write(piece)
    return path


def csv_huge_quoted_cell(path: Path, lines: int = 200_000) -> Path:
    """A quoted cell running over 200,000 short lines (4.6 MB): one record, one endless field."""
    with path.open("wb") as out:
        out.write('工单编号,受理时间,诉求内容\nA1,2024-09-01,"'.encode())
        out.write(b"line of text\n" * lines)
    return path


def csv_wide(path: Path, columns: int = 10_000) -> Path:
    path.write_text(
        ",".join(["工单编号", "受理时间", "诉求内容"] + [f"列{i}" for i in range(columns)]) + "\n"
    )
    return path


def csv_many_rows(path: Path, rows: int = 300_000) -> Path:
    """300,000 rows of two commas (0.9 MB): past the row cap."""
    with path.open("wb") as out:
        out.write("工单编号,受理时间,诉求内容\n".encode())
        out.write(b",,\n" * rows)
    return path
