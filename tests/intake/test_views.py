"""The import page (centre roles only) and the xlsx export of a filtered list."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from jiesu.accounts.models import Role
from jiesu.intake.exporting import HEADERS, orders_export_xlsx
from jiesu.workorders.filters import filters_from_query
from jiesu.workorders.models import EventKind, WorkOrder
from jiesu.workorders.selectors import OrderFilters
from tests.factories import PropertyProjectFactory, UnitFactory, UserFactory, WorkOrderFactory
from tests.intake.helpers import order_row, write_csv

pytestmark = pytest.mark.django_db


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def test_the_urls():
    assert reverse("import_orders") == "/import/"
    assert reverse("export_orders") == "/orders/export/"


def test_a_dispatcher_uploads_a_file_and_sees_the_report(client, dispatcher, tmp_path, place):
    path = write_csv(tmp_path / "工单.csv", [order_row("W1"), order_row("W2", 受理时间="2024-13-45")])
    client.force_login(dispatcher)
    assert client.get(reverse("import_orders")).status_code == 200
    response = client.post(reverse("import_orders"), {"file": upload(path)})
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.rejected) == (1, 1)
    html = response.content.decode()
    assert '<div class="count" data-count="created">1</div>' in html
    assert "<td>第3行</td><td>受理时间「2024-13-45」无法识别</td>" in html
    order = WorkOrder.objects.get(number="W1")
    assert order.events.get().kind == EventKind.IMPORTED and order.events.get().actor == dispatcher


def test_a_dry_run_upload_with_a_mapping_writes_nothing(client, dispatcher, tmp_path, place):
    path = write_csv(
        tmp_path / "a.csv", [["M1", "2024-09-01 08:00", "噪音"]], headers=["流水号", "受理时间", "内容"]
    )
    mapping = SimpleUploadedFile("map.json", '{"number": "流水号"}'.encode())
    client.force_login(dispatcher)
    response = client.post(
        reverse("import_orders"), {"file": upload(path), "mapping": mapping, "dry_run": "on"}
    )
    assert response.context["report"].created == 1
    assert "试运行结果（未写入任何数据）" in response.content.decode()
    assert WorkOrder.objects.count() == 0


def test_an_unusable_upload_shows_why(client, dispatcher, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("hello", encoding="utf-8")
    client.force_login(dispatcher)
    response = client.post(reverse("import_orders"), {"file": upload(path)})
    assert response.status_code == 200 and response.context["report"] is None
    assert response.context["form"].errors["file"] == [
        "无法读取「x.xlsx」：它不是有效的 Excel（.xlsx）文件。"
    ]


def test_a_bad_mapping_upload_shows_why(client, dispatcher, tmp_path):
    path = write_csv(tmp_path / "a.csv", [order_row("W1")])
    client.force_login(dispatcher)
    response = client.post(
        reverse("import_orders"),
        {
            "file": upload(path),
            "mapping": SimpleUploadedFile("m.json", b"{oops"),
        },
    )
    assert response.context["form"].errors["mapping"][0].startswith("映射文件不是有效的 JSON")
    assert WorkOrder.objects.count() == 0


@pytest.mark.parametrize("role", [Role.PROPERTY, Role.COMMUNITY, Role.DEPARTMENT, Role.LEADER])
def test_only_centre_roles_may_import(client, tmp_path, role):
    client.force_login(UserFactory(role=role, unit=UnitFactory()))
    path = write_csv(tmp_path / "a.csv", [order_row("W1")])
    assert client.get(reverse("import_orders")).status_code == 403
    assert client.post(reverse("import_orders"), {"file": upload(path)}).status_code == 403
    assert WorkOrder.objects.count() == 0


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get(reverse("import_orders")).status_code == 302
    assert client.get(reverse("export_orders")).status_code == 302


def read_xlsx(content: bytes) -> list[list]:
    sheet = load_workbook(BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_export_masks_citizens_and_neutralises_formulas(client, dispatcher):
    WorkOrderFactory(
        number="E1",
        content='=HYPERLINK("http://evil.example","x")',
        title="+1 标题",
        citizen_name="张三丰",
        citizen_phone="13812345678",
    )
    client.force_login(dispatcher)
    response = client.get(reverse("export_orders"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    rows = read_xlsx(response.content)
    assert rows[0] == HEADERS
    row = dict(zip(HEADERS, rows[1], strict=True))
    assert (row["工单编号"], row["诉求人（已脱敏）"], row["联系电话（已脱敏）"]) == (
        "E1",
        "张**",
        "138****5678",
    )
    assert row["诉求内容"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["标题"] == "'+1 标题"
    sheet = load_workbook(BytesIO(response.content)).active
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


def test_the_export_writes_local_times(dispatcher):
    WorkOrderFactory(number="E1", received_at=datetime(2024, 9, 1, 8, 5, tzinfo=ZoneInfo("Asia/Shanghai")))
    rows = read_xlsx(orders_export_xlsx(user=dispatcher, filters=OrderFilters()))
    assert rows[1][HEADERS.index("受理时间")] == datetime(2024, 9, 1, 8, 5)


def test_a_property_user_exports_only_their_own_orders(client):
    project = PropertyProjectFactory()
    own = WorkOrderFactory(number="OWN1", lead_unit=project)
    WorkOrderFactory(number="OTHER1", lead_unit=PropertyProjectFactory())
    WorkOrderFactory(number="NOUNIT1")
    client.force_login(UserFactory(role=Role.PROPERTY, unit=project.parent))
    rows = read_xlsx(client.get(reverse("export_orders")).content)
    assert [row[0] for row in rows[1:]] == [own.number]


def test_the_export_applies_the_list_filters(client, dispatcher):
    WorkOrderFactory(number="Q1", content="井盖丢失")
    WorkOrderFactory(number="Q2", content="路灯不亮")
    client.force_login(dispatcher)
    rows = read_xlsx(client.get(reverse("export_orders"), {"q": "井盖"}).content)
    assert [row[0] for row in rows[1:]] == ["Q1"]


def test_the_export_is_capped(dispatcher):
    for n in range(3):
        WorkOrderFactory(number=f"C{n}")
    content = orders_export_xlsx(user=dispatcher, filters=filters_from_query({}), limit=2)
    assert len(read_xlsx(content)) == 3
