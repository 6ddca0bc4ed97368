"""Reading labelled corpora (CSV or XLSX) for evaluation and training."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

__all__ = ["load_labelled"]


def load_labelled(path: str | Path, *, text_col: str, label_col: str) -> tuple[list[str], list[str]]:
    """Return (texts, labels) from a CSV (UTF-8, header row) or XLSX (first sheet, header row).

    ``text_col`` may join several columns with ``+`` (``留言主题+留言详情``: subject and detail,
    as a message was submitted); their stripped values are joined with "。". Rows whose text or
    label is blank are skipped.
    """
    path = Path(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        rows = _xlsx_rows(path)
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [list(row) for row in csv.reader(handle)]
    if not rows:
        raise ValueError(f"{path} is empty")
    header = [str(cell).strip() for cell in rows[0]]
    text_cols = [part.strip() for part in text_col.split("+")]
    for column in (*text_cols, label_col):
        if column not in header:
            raise ValueError(f"{path} has no column {column!r}; its columns are {header}")
    text_at, label_at = [header.index(column) for column in text_cols], header.index(label_col)
    texts: list[str] = []
    labels: list[str] = []
    for row in rows[1:]:
        parts = [str(row[i] or "").strip() if i < len(row) else "" for i in text_at]
        label = row[label_at] if label_at < len(row) else ""
        text, label = "。".join(part for part in parts if part), str(label or "").strip()
        if text and label:
            texts.append(text)
            labels.append(label)
    return texts, labels


def _xlsx_rows(path: Path) -> list[list[object]]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
