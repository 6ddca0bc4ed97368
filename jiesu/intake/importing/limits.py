"""The caps an import file must stay within (settings.JIESU_IMPORT, from environment variables).

Everything the reader holds at once is bounded by these: one row (columns × cell length), the
shared strings of a workbook, and each XML part it parses whole. Files past a cap are refused with
the cap named, before they cost memory or minutes.
"""

from dataclasses import dataclass

from django.conf import settings

MB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    max_upload_bytes: int
    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_unzipped_bytes: int
    max_shared_strings_bytes: int
    # fixed: no real workbook comes near these
    max_members: int = 1_000  # parts in an .xlsx package
    max_directory_bytes: int = 1 * MB  # the zip's central directory
    max_other_part_bytes: int = 10 * MB  # workbook, styles, relationships, … (parsed whole)
    max_tag_bytes: int = 64 * 1024  # one XML tag with its attributes
    max_elements_per_cell: int = 64  # rich text runs and their formatting
    max_elements_outside_rows: int = 100_000  # merged cells, hyperlinks, validations, …

    @property
    def max_upload_mb(self) -> int:
        return self.max_upload_bytes // MB

    @property
    def max_record_chars(self) -> int:
        """The longest CSV record (all its lines) that can hold max_columns full cells."""
        return self.max_columns * (self.max_cell_chars + 3)


def import_limits() -> ImportLimits:
    caps = {
        "MAX_UPLOAD_MB": 50,
        "MAX_ROWS": 200_000,
        "MAX_COLUMNS": 200,
        "MAX_CELL_CHARS": 32_767,
        "MAX_UNZIPPED_MB": 500,
        "MAX_SHARED_STRINGS_MB": 100,
        **getattr(settings, "JIESU_IMPORT", {}),
    }
    return ImportLimits(
        max_upload_bytes=int(caps["MAX_UPLOAD_MB"]) * MB,
        max_rows=int(caps["MAX_ROWS"]),
        max_columns=int(caps["MAX_COLUMNS"]),
        max_cell_chars=int(caps["MAX_CELL_CHARS"]),
        max_unzipped_bytes=int(caps["MAX_UNZIPPED_MB"]) * MB,
        max_shared_strings_bytes=int(caps["MAX_SHARED_STRINGS_MB"]) * MB,
    )


def number(value: int) -> str:
    """12,345 — caps and row numbers as people read them."""
    return f"{value:,}"
