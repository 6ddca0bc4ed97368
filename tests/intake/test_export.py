"""Exports (issue 7 item 12): sheets that open cleanly in Excel and WPS, and large exports written
in the background with progress, downloaded once by their creator, then removed."""

from datetime import datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiesu.core.models import Job
from jiesu.intake.exporting import HEADERS
from jiesu.intake.files import job_files_cleanup, job_storage
from tests.factories import DispatcherFactory, UserFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def test_the_sheet_has_a_bold_frozen_header_widths_and_real_dates(client, dispatcher):
    WorkOrderFactory(
        number="F1", received_at=datetime(2024, 9, 1, 8, 5, tzinfo=SH), content="楼道灯坏了" * 20
    )
    client.force_login(dispatcher)
    sheet = load_workbook(BytesIO(client.get(reverse("export_orders")).content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(HEADERS)).column_letter}1"
    assert all(cell.font.b for cell in sheet[1])
    received = sheet.cell(2, HEADERS.index("受理时间") + 1)
    assert received.value == datetime(2024, 9, 1, 8, 5) and received.is_date
    assert received.number_format == "yyyy-mm-dd hh:mm"
    widths = {letter: sheet.column_dimensions[letter].width for letter in ("A", "I")}
    assert widths == {"A": 20, "I": 50}  # 工单编号, 诉求内容
    assert all((sheet.column_dimensions[cell.column_letter].width or 0) >= 10 for cell in sheet[1])


@pytest.fixture
def many_orders(settings):
    settings.JIESU_EXPORT_INLINE_MAX_ROWS = 3
    return [WorkOrderFactory(number=f"B{n}") for n in range(5)]


def start_export(client, capture, **query):
    with capture(execute=True):
        response = client.get(reverse("export_orders"), query)
    assert response.status_code == 302
    job = Job.objects.get(kind="export")
    assert response.url == reverse("job_status", args=[job.pk])
    return job


def test_a_large_export_runs_in_the_background_and_is_downloaded_once(
    client, dispatcher, many_orders, django_capture_on_commit_callbacks, settings
):
    client.force_login(dispatcher)
    job = start_export(client, django_capture_on_commit_callbacks, q="B")
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.result["rows"]) == (Job.Status.DONE, 5, 5, 5)
    stored = Path(settings.JIESU_JOB_FILES_DIR) / job.result["name"]
    assert stored.exists()
    page = client.get(reverse("job_status", args=[job.pk])).content.decode()
    link = reverse("export_download", args=[job.pk])
    assert f'href="{link}"' in page and "已导出5条工单" in page
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    rows = list(
        load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert rows[0] == tuple(HEADERS) and len(rows) == 6
    assert not stored.exists()  # removed as it was sent
    assert client.get(link).status_code == 404  # once
    assert "导出文件已下载" in client.get(reverse("job_status", args=[job.pk])).content.decode()


def test_only_the_creator_may_download_an_export(
    client, dispatcher, many_orders, django_capture_on_commit_callbacks
):
    client.force_login(dispatcher)
    job = start_export(client, django_capture_on_commit_callbacks)
    for other in (DispatcherFactory(username="d2"), UserFactory(role="centre_admin")):
        client.force_login(other)
        assert client.get(reverse("export_download", args=[job.pk])).status_code == 404
    client.force_login(dispatcher)
    assert client.get(reverse("export_download", args=[job.pk])).status_code == 200


def test_an_export_nobody_fetched_is_removed_after_a_day(
    client, dispatcher, many_orders, django_capture_on_commit_callbacks
):
    client.force_login(dispatcher)
    job = start_export(client, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job_files_cleanup() == 0
    assert job_files_cleanup(max_age_seconds=-1) == 1
    assert not job_storage().exists(job.result["name"])
    assert client.get(reverse("export_download", args=[job.pk])).status_code == 404


def test_a_small_export_is_answered_at_once(client, dispatcher, many_orders):
    client.force_login(dispatcher)
    response = client.get(reverse("export_orders"), {"q": "B1"})
    assert response.status_code == 200 and not Job.objects.exists()
