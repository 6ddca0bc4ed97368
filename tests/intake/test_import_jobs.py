"""The import as a background job: progress, warnings grouped by kind with links to their orders,
and rows the platform calls dispatched without a unit (issue 7 item 9, issue 9 item 2)."""

import pytest
from django.urls import reverse

from jiesu.core.background import job_run
from jiesu.core.models import Job
from jiesu.intake.importing import orders_import
from jiesu.intake.importing.report import EXAMPLES_KEPT
from jiesu.intake.models import ImportIssue
from jiesu.workorders import services
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.states import Status
from tests.factories import DispatcherFactory, UserFactory
from tests.intake.helpers import HEADERS, order_row, write_csv

pytestmark = pytest.mark.django_db


def run_import(client, capture, path, **data):
    with capture(execute=True):
        response = client.post(reverse("import_orders"), {"file": path.open("rb"), **data})
    job = Job.objects.get(pk=int(response.url.rsplit("=", 1)[1]))
    return job, client.get(response.url).content.decode()


def test_a_row_dispatched_by_the_platform_without_a_unit_waits_for_a_dispatcher(tmp_path, place):
    rows = [
        order_row("N1", 工单状态="已派单", 承办单位=""),  # no unit at all
        order_row("N2", 工单状态="办理中", 承办单位="不存在的单位"),  # a unit nobody here knows
        order_row("N3", 工单状态="已派单", 承办单位="幸福物业"),  # a known unit: dispatched as said
        order_row("N4", 工单状态="已办结", 承办单位=""),  # history: nobody has to sign it any more
    ]
    report = orders_import(source=write_csv(tmp_path / "a.csv", rows), filename="a.csv")
    status = dict(WorkOrder.objects.values_list("number", "status"))
    assert status == {"N1": Status.NEW, "N2": Status.NEW, "N3": Status.DISPATCHED, "N4": Status.RESOLVED}
    no_unit = [(issue.row, issue.reason) for issue in report.warnings if issue.kind == "no_unit"]
    assert no_unit == [
        (2, "平台状态「已派单」表示已派单，但没有承办单位，已按「待派单」导入，请派单"),
        (3, "平台状态「办理中」表示已派单，但承办单位「不存在的单位」未识别，已按「待派单」导入，请派单"),
    ]
    assert not WorkOrder.objects.filter(
        status__in=[Status.DISPATCHED, Status.ACCEPTED], lead_unit=None
    ).exists()


def test_a_later_export_without_a_unit_keeps_a_local_dispatch(tmp_path, place, dispatcher):
    orders_import(
        source=write_csv(tmp_path / "v1.csv", [order_row("N1", 工单状态="待派单", 承办单位="")]),
        filename="v1.csv",
    )
    order = WorkOrder.objects.get(number="N1")
    services.workorder_dispatch(order_id=order.pk, actor=dispatcher, lead_unit=place.unit)
    report = orders_import(
        source=write_csv(tmp_path / "v2.csv", [order_row("N1", 工单状态="已派单", 承办单位="")]),
        filename="v2.csv",
    )
    order.refresh_from_db()
    assert (order.status, order.lead_unit) == (Status.DISPATCHED, place.unit)
    assert [issue.kind for issue in report.warnings] == []


def test_warnings_are_grouped_by_kind_with_counts_and_a_link_to_their_orders(
    client, dispatcher, tmp_path, place, django_capture_on_commit_callbacks
):
    rows = [order_row(f"G{n}", 工单状态="已派单", 承办单位="银河物业") for n in range(3)]
    rows += [order_row(f"C{n}", 问题分类="外星事务/飞碟") for n in range(2)]
    rows += [order_row("OK1")]
    client.force_login(dispatcher)
    job, page = run_import(client, django_capture_on_commit_callbacks, write_csv(tmp_path / "a.csv", rows))
    groups = {group["kind"]: group["count"] for group in job.result["warning_groups"]}
    assert groups == {"no_unit": 3, "unit": 3, "category": 2}
    assert [group["kind"] for group in job.result["warning_groups"]] == ["no_unit", "unit", "category"]
    assert job.result["warnings_total"] == 8
    assert '<td class="count" data-count="no_unit">3</td>' in page
    link = reverse("import_issue_orders", args=[job.pk])
    assert f'href="{link}?kind=no_unit"' in page
    listed = client.get(link, {"kind": "no_unit"})
    assert '<span class="total" data-total="3">' in listed.content.decode()
    assert {order.number for order in listed.context["orders"]} == {"G0", "G1", "G2"}
    everything = client.get(link)
    assert {order.number for order in everything.context["page"].paginator.object_list} == {
        "G0",
        "G1",
        "G2",
        "C0",
        "C1",
    }
    assert client.get(link, {"kind": "nonsense"}).status_code == 400


def test_the_link_shows_only_orders_in_the_viewers_scope(
    client, dispatcher, tmp_path, place, django_capture_on_commit_callbacks
):
    client.force_login(dispatcher)
    job, _page = run_import(
        client,
        django_capture_on_commit_callbacks,
        write_csv(tmp_path / "a.csv", [order_row("G1", 问题分类="外星")]),
    )
    assert ImportIssue.objects.filter(job=job).count() == 1
    admin = UserFactory(role="centre_admin")
    client.force_login(admin)
    assert client.get(reverse("import_issue_orders", args=[job.pk])).status_code == 200  # admins see all jobs


def test_a_dry_run_job_groups_warnings_without_links(
    client, dispatcher, tmp_path, place, django_capture_on_commit_callbacks
):
    client.force_login(dispatcher)
    rows = [order_row("G1", 工单状态="已派单", 承办单位="")]
    job, page = run_import(
        client, django_capture_on_commit_callbacks, write_csv(tmp_path / "a.csv", rows), dry_run="on"
    )
    assert [(g["kind"], g["count"]) for g in job.result["warning_groups"]] == [("no_unit", 1)]
    assert "试运行未写入" in page and not ImportIssue.objects.exists() and not WorkOrder.objects.exists()


def test_progress_is_recorded_and_a_second_run_does_nothing(
    tmp_path, place, django_capture_on_commit_callbacks
):
    from jiesu.intake.services import import_start

    rows = [order_row(f"P{n}") for n in range(5)] + [[""] * len(HEADERS)]
    path = write_csv(tmp_path / "a.csv", rows)
    with django_capture_on_commit_callbacks(execute=True):
        job = import_start(
            upload=path.open("rb"), filename="a.csv", mapping=None, dry_run=False, actor=DispatcherFactory()
        )
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.result["created"]) == (Job.Status.DONE, 6, 6, 5)
    job_run(job_id=job.pk)
    assert WorkOrder.objects.count() == 5


def test_a_background_report_keeps_a_sample_of_warnings_and_counts_them_all(tmp_path, place):
    rows = [order_row(f"S{n}", 问题分类="外星事务") for n in range(EXAMPLES_KEPT + 7)]
    report = orders_import(source=write_csv(tmp_path / "a.csv", rows), filename="a.csv", bounded=True)
    assert report.warning_counts["category"] == EXAMPLES_KEPT + 7
    assert len([issue for issue in report.warnings if issue.kind == "category"]) == EXAMPLES_KEPT
    group = report.as_result()["warning_groups"][0]
    assert (group["kind"], group["count"], len(group["examples"])) == (
        "category",
        EXAMPLES_KEPT + 7,
        EXAMPLES_KEPT,
    )


def test_a_workbooks_progress_counts_its_rows_before_reading_them(tmp_path, place):
    from tests.intake.helpers import write_xlsx

    path = write_xlsx(
        tmp_path / "a.xlsx", [order_row("X1"), order_row("X2"), order_row("X3")], before=[["12345导出"]]
    )
    calls = []
    report = orders_import(
        source=path, filename="a.xlsx", progress=lambda done, total: calls.append((done, total))
    )
    assert report.created == 3 and calls == [(1, 3), (2, 3), (3, 3)]
