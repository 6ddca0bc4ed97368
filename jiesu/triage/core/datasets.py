"""Reading labelled corpora (CSV or XLSX) for evaluation and training."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

__all__ = ["load_labelled", "load_texts"]


def load_labelled(path: str | Path, *, text_col: str, label_col: str) -> tuple[list[str], list[str]]:
    """Return (texts, labels) from a CSV (UTF-8, header row) or XLSX (first sheet, header row).

    ``text_col`` may join several columns with ``+`` (``留言主题+留言详情``: subject and detail,
    as a message was submitted); their stripped values are joined with "。". Rows whose text or
    label is blank are skipped.
    """
    header, rows = _read(path)
    text_at, label_at = _columns(path, header, text_col), _columns(path, header, label_col)[0]
    texts: list[str] = []
    labels: list[str] = []
    for row in rows:
        text = _text(row, text_at)
        label = str((row[label_at] if label_at < len(row) else "") or "").strip()
        if text and label:
            texts.append(text)
            labels.append(label)
    return texts, labels


def load_texts(path: str | Path, *, text_col: str) -> list[str]:
    """The non-blank texts of ``text_col`` (``+`` joins columns, as in :func:`load_labelled`);
    any label column of the file is not read (unlabelled texts for self-training)."""
    header, rows = _read(path)
    text_at = _columns(path, header, text_col)
    return [text for text in (_text(row, text_at) for row in rows) if text]


def _read(path: str | Path) -> tuple[list[str], list[list[object]]]:
    path = Path(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        rows = _xlsx_rows(path)
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [list(row) for row in csv.reader(handle)]
    if not rows:
        raise ValueError(f"{path} is empty")
    return [str(cell).strip() for cell in rows[0]], rows[1:]


def _columns(path: str | Path, header: list[str], spec: str) -> list[int]:
    names = [part.strip() for part in spec.split("+")]
    for column in names:
        if column not in header:
            raise ValueError(f"{path} has no column {column!r}; its columns are {header}")
    return [header.index(column) for column in names]


def _text(row: list[object], at: list[int]) -> str:
    parts = [str(row[i] or "").strip() if i < len(row) else "" for i in at]
    return "。".join(part for part in parts if part)


def _xlsx_rows(path: Path) -> list[list[object]]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
