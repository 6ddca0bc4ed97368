"""The import page (centre roles only) and the xlsx export of a filtered list."""

import stat
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from jiesu.accounts.models import Role
from jiesu.core.models import Job
from jiesu.intake.exporting import HEADERS, orders_export_xlsx
from jiesu.workorders.filters import filters_from_query
from jiesu.workorders.models import EventKind, WorkOrder
from jiesu.workorders.selectors import OrderFilters
from tests.factories import (
    DispatcherFactory,
    PropertyProjectFactory,
    UnitFactory,
    UserFactory,
    WorkOrderFactory,
)
from tests.intake.helpers import order_row, write_csv

pytestmark = pytest.mark.django_db


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def test_the_urls():
    assert reverse("import_orders") == "/import/"
    assert reverse("export_orders") == "/orders/export/"


def post_import(client, capture, data):
    """POST the form: the import runs as a job after commit; follow to the page with its result."""
    with capture(execute=True):
        response = client.post(reverse("import_orders"), data)
    assert response.status_code == 302 and response.url.startswith("/import/?job=")
    job = Job.objects.get(pk=int(response.url.rsplit("=", 1)[1]))
    return client.get(response.url), job


def test_a_dispatcher_uploads_a_file_and_sees_the_report(
    client, dispatcher, tmp_path, place, django_capture_on_commit_callbacks
):
    path = write_csv(tmp_path / "工单.csv", [order_row("W1"), order_row("W2", 受理时间="2024-13-45")])
    client.force_login(dispatcher)
    assert client.get(reverse("import_orders")).status_code == 200
    page, job = post_import(client, django_capture_on_commit_callbacks, {"file": upload(path)})
    assert page.status_code == 200
    assert (job.kind, job.status, job.created_by, job.done, job.total) == (
        "import",
        Job.Status.DONE,
        dispatcher,
        2,
        2,
    )
    assert (job.result["created"], job.result["rejected"]) == (1, 1)
    html = page.content.decode()
    assert '<div class="count" data-count="created">1</div>' in html
    assert '<td class="row">第3行</td><td>受理时间「2024-13-45」无法识别</td>' in html
    order = WorkOrder.objects.get(number="W1")
    assert order.events.get().kind == EventKind.IMPORTED and order.events.get().actor == dispatcher


def test_the_upload_is_kept_privately_until_the_job_has_read_it(
    client, dispatcher, tmp_path, place, django_capture_on_commit_callbacks, settings
):
    path = write_csv(tmp_path / "工单.csv", [order_row("W1")])
    client.force_login(dispatcher)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("import_orders"), {"file": upload(path, "../../etc/x.csv")})
    job = Job.objects.get()
    stored = Path(settings.JIESU_JOB_FILES_DIR) / job.arguments["name"]
    assert stored.parent == Path(settings.JIESU_JOB_FILES_DIR) / "import" and stored.suffix == ".csv"
    assert stored.read_bytes() == path.read_bytes() and stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert job.status == Job.Status.QUEUED and WorkOrder.objects.count() == 0
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and not stored.exists()
    assert WorkOrder.objects.filter(number="W1").exists()


def test_a_dry_run_upload_with_a_mapping_writes_nothing(
    client, dispatcher, tmp_path, place, django_capture_on_commit_callbacks
):
    path = write_csv(
        tmp_path / "a.csv", [["M1", "2024-09-01 08:00", "噪音"]], headers=["流水号", "受理时间", "内容"]
    )
    mapping = SimpleUploadedFile("map.json", '{"number": "流水号"}'.encode())
    client.force_login(dispatcher)
    page, job = post_import(
        client,
        django_capture_on_commit_callbacks,
        {"file": upload(path), "mapping": mapping, "dry_run": "on"},
    )
    assert job.result["created"] == 1 and job.result["dry_run"] is True
    assert "试运行结果（未写入任何数据）" in page.content.decode()
    assert WorkOrder.objects.count() == 0


def test_an_unusable_upload_is_refused_at_once_when_its_first_bytes_tell(client, dispatcher, tmp_path):
    path = tmp_path / "旧.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    client.force_login(dispatcher)
    response = client.post(reverse("import_orders"), {"file": upload(path)})
    assert response.status_code == 200 and Job.objects.count() == 0
    assert response.context["form"].errors["file"] == [
        "这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 .csv 后再导入。"
    ]


def test_a_file_unusable_inside_is_refused_by_the_job_with_the_reason(
    client, dispatcher, tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "x.xlsx"
    path.write_text("hello", encoding="utf-8")
    client.force_login(dispatcher)
    page, job = post_import(client, django_capture_on_commit_callbacks, {"file": upload(path)})
    assert job.status == Job.Status.DONE
    assert job.result["refused"] == "无法读取「x.xlsx」：它不是有效的 Excel（.xlsx）文件。"
    assert "未能导入：无法读取「x.xlsx」：它不是有效的 Excel（.xlsx）文件。" in page.content.decode()
    assert WorkOrder.objects.count() == 0


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
    assert WorkOrder.objects.count() == 0 and Job.objects.count() == 0


def test_a_deeply_nested_mapping_is_refused_clearly(client, dispatcher, tmp_path):
    path = write_csv(tmp_path / "a.csv", [order_row("W1")])
    client.force_login(dispatcher)
    nested = SimpleUploadedFile("m.json", b"[" * 40_000 + b"]" * 40_000)
    response = client.post(reverse("import_orders"), {"file": upload(path), "mapping": nested})
    assert response.status_code == 200
    assert response.context["form"].errors["mapping"] == ["映射文件超过 64 KB，正常的表头映射只有几行。"]
    nested = SimpleUploadedFile("m.json", b'{"a":' * 5_000 + b"1" + b"}" * 5_000)
    response = client.post(reverse("import_orders"), {"file": upload(path), "mapping": nested})
    assert response.status_code == 200
    assert response.context["form"].errors["mapping"][0].startswith("映射文件嵌套过深")


def test_another_users_import_job_is_not_shown(
    client, dispatcher, tmp_path, django_capture_on_commit_callbacks
):
    path = write_csv(tmp_path / "a.csv", [order_row("W1")])
    client.force_login(dispatcher)
    _page, job = post_import(client, django_capture_on_commit_callbacks, {"file": upload(path)})
    client.force_login(DispatcherFactory(username="d2"))
    assert client.get(reverse("import_orders"), {"job": job.pk}).status_code == 404
    assert client.get(reverse("import_issue_orders", args=[job.pk])).status_code == 404
    assert client.get(reverse("import_orders"), {"job": "99999999999999999999999"}).status_code == 400


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
