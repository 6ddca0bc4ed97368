"""Files that cannot be imported at all: exit status 2 and a clear message, nothing written."""

import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from jiesu.workorders.models import WorkOrder
from tests.intake.helpers import import_json, order_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def run_failing(path, *args) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("import-orders", str(path), *args, stdout=StringIO())
    assert caught.value.returncode == 2
    assert WorkOrder.objects.count() == 0
    return str(caught.value)


def test_an_empty_file(tmp_path):
    path = tmp_path / "空.csv"
    path.write_bytes(b"")
    assert run_failing(path) == "文件「空.csv」是空的。"


def test_an_empty_xlsx_file(tmp_path):
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    assert run_failing(path) == "文件「空.xlsx」是空的。"


def test_a_text_file_renamed_xlsx(tmp_path):
    path = tmp_path / "伪装.xlsx"
    path.write_text("工单编号,受理时间,诉求内容\nA1,2024-09-01,内容\n", encoding="utf-8")
    assert run_failing(path) == "无法读取「伪装.xlsx」：它不是有效的 Excel（.xlsx）文件。"


def test_a_binary_file_renamed_xlsx(tmp_path):
    path = tmp_path / "图片.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    assert run_failing(path) == "无法读取「图片.xlsx」：它不是有效的 Excel（.xlsx）文件。"


def test_an_old_xls_file(tmp_path):
    path = tmp_path / "旧.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert run_failing(path) == "这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 .csv 后再导入。"


def test_an_unsupported_file_type(tmp_path):
    path = tmp_path / "报告.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert run_failing(path) == "不支持的文件类型「.pdf」，请上传 .xlsx 或 .csv 文件。"


def test_a_missing_file(tmp_path):
    message = run_failing(tmp_path / "没有.csv")
    assert message.startswith("无法打开文件「") and "没有.csv" in message


def test_a_csv_that_is_not_a_table_of_orders(tmp_path):
    path = tmp_path / "说明.csv"
    path.write_text("这是一份说明\n没有表格\n", encoding="utf-8")
    assert run_failing(path) == "在文件的前10行中没有找到「工单编号」列，无法导入。"


def test_a_workbook_without_an_order_number_column_in_any_sheet(tmp_path):
    path = write_xlsx(
        tmp_path / "错表.xlsx",
        [["A1", "2024-09-01", "内容"]],
        headers=["编码", "时间", "内容"],
        sheets_before={"说明": [["本表为统计汇总"]]},
    )
    assert (
        run_failing(path) == "在文件的前10行中没有找到「工单编号」列（已查看工作表：说明、工单），无法导入。"
    )


def test_a_workbook_whose_first_sheet_is_not_the_orders_uses_the_sheet_that_is(tmp_path, place):
    path = write_xlsx(
        tmp_path / "多表.xlsx", [order_row("N1")], sheets_before={"汇总": [["社区", "件数"], ["光明社区", 1]]}
    )
    out = StringIO()
    call_command("import-orders", str(path), stdout=out)
    assert out.getvalue().splitlines()[0] == "文件「多表.xlsx」（工作表「工单」，表头在第1行）"
    assert WorkOrder.objects.filter(number="N1").exists()


def test_the_header_is_only_looked_for_in_the_first_ten_rows(tmp_path):
    path = write_csv(tmp_path / "a.csv", [order_row("N1")], before=[["说明"]] * 10)
    assert run_failing(path) == "在文件的前10行中没有找到「工单编号」列，无法导入。"


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        (["受理时间"], "文件第1行的表头缺少必需的列：受理时间，无法导入。"),
        (["受理时间", "诉求内容"], "文件第1行的表头缺少必需的列：受理时间、诉求内容，无法导入。"),
    ],
)
def test_missing_required_columns(tmp_path, drop, message):
    headers = [header for header in order_row() if header not in drop]
    assert run_failing(write_csv(tmp_path / "a.csv", [order_row("N1")], headers=headers)) == message


def test_missing_required_columns_in_a_named_sheet(tmp_path):
    headers = [header for header in order_row() if header != "诉求内容"]
    path = write_xlsx(tmp_path / "a.xlsx", [order_row("N1")], headers=headers, before=[["导出"]])
    assert run_failing(path) == "工作表「工单」第2行的表头缺少必需的列：诉求内容，无法导入。"


def test_a_bad_mapping_file(tmp_path):
    path = write_csv(tmp_path / "a.csv", [order_row("N1")])
    mapping = tmp_path / "map.json"
    mapping.write_text('{"工单号": 1}', encoding="utf-8")
    assert run_failing(path, "--mapping", str(mapping)).startswith("映射文件中的「工单号」无法识别")


def test_a_damaged_sheet_inside_a_valid_package(tmp_path):
    good = tmp_path / "good.xlsx"
    workbook = Workbook()
    workbook.active.append(["工单编号"])
    workbook.save(good)
    damaged = tmp_path / "坏.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    assert run_failing(damaged).startswith("读取「坏.xlsx」时出错，文件可能已损坏")


def test_exit_status_is_zero_when_rows_are_rejected(tmp_path, place):
    path = write_csv(tmp_path / "a.csv", [order_row("", 诉求内容="x")])
    assert import_json(path)["rejected"] == 1
