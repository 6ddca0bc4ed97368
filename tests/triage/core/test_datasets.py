import csv

import pytest
from openpyxl import Workbook

from jiesu.triage.core import load_labelled


def test_reads_csv_and_skips_rows_without_text_or_label(tmp_path):
    path = tmp_path / "orders.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows(
            [["编号", "内容", "类别"], ["1", "路灯不亮", "市政"], ["2", "", "市政"], ["3", "停水", " "]]
        )
    assert load_labelled(path, text_col="内容", label_col="类别") == (["路灯不亮"], ["市政"])


def test_reads_the_first_sheet_of_xlsx(tmp_path):
    path = tmp_path / "orders.xlsx"
    book = Workbook()
    book.active.append(["内容", "类别"])
    book.active.append(["噪音扰民", "环境"])
    book.active.append([123, "其他"])
    book.save(path)
    assert load_labelled(path, text_col="内容", label_col="类别") == (["噪音扰民", "123"], ["环境", "其他"])


def test_names_the_columns_when_one_is_missing(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("内容,类别\n路灯不亮,市政\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"no column '分类'; its columns are \['内容', '类别'\]"):
        load_labelled(path, text_col="内容", label_col="分类")
