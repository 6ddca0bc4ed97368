"""Importing a clean platform export, again, and a newer one."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from jiesu.workorders import services
from jiesu.workorders.deadlines import deadlines_compute
from jiesu.workorders.models import AppealType, Channel, EventKind, Satisfaction, WorkOrder, WorkOrderEvent
from jiesu.workorders.states import Status
from tests.factories import CategoryFactory, DispatcherFactory
from tests.intake.helpers import import_json, order_row, write_csv, write_xlsx

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db

ROWS = [
    order_row("2024090100001"),
    order_row(
        "2024090100002",
        受理时间="2024/9/3 10:30",
        诉求类型="咨询",
        工单状态="已办结",
        办理结果="已更换灯泡",
        是否联系="已联系",
        是否解决="已解决",
        是否满意="满意",
    ),
]


@pytest.fixture(params=["csv", "xlsx"])
def clean_file(request, tmp_path, place):
    if request.param == "csv":
        return write_csv(tmp_path / "工单.csv", ROWS)
    rows = [dict(ROWS[0], 受理时间=datetime(2024, 9, 2, 8, 5)), ROWS[1]]
    return write_xlsx(tmp_path / "工单.xlsx", rows)


def test_a_clean_file_creates_every_order_with_its_fields(clean_file, place):
    assert import_json(clean_file) == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "errors": [],
        "warnings": [],
    }
    first = WorkOrder.objects.get(number="2024090100001")
    assert first.channel == Channel.HOTLINE
    assert first.received_at == datetime(2024, 9, 2, 8, 5, tzinfo=SH)
    assert (first.citizen_name, first.citizen_phone) == ("张三丰", "13812345678")
    assert first.appeal_type == AppealType.COMPLAINT
    assert first.category == place.category
    assert first.category_text == "城乡建设/物业管理/物业服务"
    assert first.title == "幸福里3号楼楼道灯坏了一周，晚上看不见路。"
    assert (first.community, first.compound, first.building.number) == (place.community, place.compound, "3")
    assert first.lead_unit == place.unit and first.source_unit == "幸福物业"
    assert first.dispatched_at == datetime(2024, 9, 2, 9, 0, tzinfo=SH)
    assert first.resolve_due == datetime(2024, 9, 11, 18, 0, tzinfo=SH)
    assert first.response_due == datetime(2024, 9, 3, 8, 5, tzinfo=SH)
    assert (first.status, first.source_status) == (Status.ACCEPTED, "办理中")
    assert first.flags == []
    event = first.events.get()
    assert event.kind == EventKind.IMPORTED and event.actor is None
    assert event.new["status"] == Status.ACCEPTED and event.new["citizen_name"] == "张**"
    assert event.note == f"{clean_file.name} 第2行"

    second = WorkOrder.objects.get(number="2024090100002")
    assert second.status == Status.RESOLVED
    assert second.appeal_type == AppealType.INQUIRY
    assert (second.visit_contacted, second.visit_resolved) == (True, True)
    assert second.visit_satisfaction == Satisfaction.SATISFIED
    assert second.result == "已更换灯泡"


def test_without_a_time_limit_the_deadline_rules_apply(tmp_path, place):
    path = write_csv(tmp_path / "a.csv", [order_row("N1", 办理时限="")])
    import_json(path)
    order = WorkOrder.objects.get(number="N1")
    assert (order.response_due, order.resolve_due) == deadlines_compute(
        received_at=order.received_at, appeal_type=AppealType.COMPLAINT, urgency="normal"
    )


def test_a_time_limit_in_working_days_counts_from_the_received_time(tmp_path, place):
    path = write_csv(tmp_path / "a.csv", [order_row("N1", 受理时间="2024-09-27 10:00", 办理时限="3个工作日")])
    import_json(path)
    # 2024-09-28 is a make-up working day (调休), then the National Day holiday
    assert WorkOrder.objects.get(number="N1").resolve_due == datetime(2024, 10, 8, 23, 59, 59, tzinfo=SH)


def test_importing_the_same_file_again_changes_nothing(clean_file):
    import_json(clean_file)
    events = WorkOrderEvent.objects.count()
    versions = list(WorkOrder.objects.order_by("id").values_list("version", flat=True))
    assert import_json(clean_file) == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "rejected": 0,
        "errors": [],
        "warnings": [],
    }
    assert WorkOrderEvent.objects.count() == events
    assert list(WorkOrder.objects.order_by("id").values_list("version", flat=True)) == versions


def test_a_newer_export_updates_the_order_and_records_old_and_new(tmp_path, place):
    import_json(write_csv(tmp_path / "v1.csv", ROWS))
    newer = [
        dict(ROWS[0], 工单状态="已办结", 办理结果="已维修楼道灯", 联系电话="13900001111"),
        ROWS[1],
    ]
    report = import_json(write_csv(tmp_path / "v2.csv", newer))
    assert (report["created"], report["updated"], report["unchanged"], report["rejected"]) == (0, 1, 1, 0)

    order = WorkOrder.objects.get(number="2024090100001")
    assert (order.status, order.result, order.citizen_phone) == (
        Status.RESOLVED,
        "已维修楼道灯",
        "13900001111",
    )
    assert order.version == 2
    event = order.events.get(kind=EventKind.IMPORT_UPDATED)
    assert event.old == {
        "citizen_phone": "138****5678",
        "result": "",
        "source_status": "办理中",
        "status": Status.ACCEPTED,
    }
    assert event.new == {
        "citizen_phone": "139****1111",
        "result": "已维修楼道灯",
        "source_status": "已办结",
        "status": Status.RESOLVED,
    }
    assert event.note == "v2.csv 第2行"
    assert import_json(write_csv(tmp_path / "v3.csv", newer))["unchanged"] == 2


def test_a_local_correction_survives_reimporting_the_same_export(tmp_path, place):
    path = write_csv(tmp_path / "v1.csv", ROWS)
    import_json(path)
    order = WorkOrder.objects.get(number="2024090100001")
    other = CategoryFactory(name="市容环境")
    services.workorder_correct(
        order_id=order.pk, actor=DispatcherFactory(), changes={"category": other, "urgency": "urgent"}
    )
    assert import_json(path)["unchanged"] == 2
    order.refresh_from_db()
    assert (order.category, order.urgency) == (other, "urgent")


def test_a_blank_cell_in_a_newer_export_does_not_clear_a_value(tmp_path, place):
    import_json(write_csv(tmp_path / "v1.csv", [ROWS[1]]))
    report = import_json(write_csv(tmp_path / "v2.csv", [dict(ROWS[1], 办理结果="", 是否满意="")]))
    assert report["unchanged"] == 1
    order = WorkOrder.objects.get(number="2024090100002")
    assert (order.result, order.visit_satisfaction) == ("已更换灯泡", Satisfaction.SATISFIED)


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(clean_file):
    report = import_json(clean_file, "--dry-run")
    assert (report["created"], report["rejected"]) == (2, 0)
    assert WorkOrder.objects.count() == 0
    assert WorkOrderEvent.objects.count() == 0


def test_a_dry_run_of_a_newer_export_counts_updates_without_applying_them(tmp_path, place):
    import_json(write_csv(tmp_path / "v1.csv", ROWS))
    newer = write_csv(tmp_path / "v2.csv", [dict(ROWS[0], 工单状态="已办结"), ROWS[1], order_row("N3")])
    report = import_json(newer, "--dry-run")
    assert (report["created"], report["updated"], report["unchanged"]) == (1, 1, 1)
    assert WorkOrder.objects.get(number="2024090100001").status == Status.ACCEPTED
    assert not WorkOrder.objects.filter(number="N3").exists()
    assert not WorkOrderEvent.objects.filter(kind=EventKind.IMPORT_UPDATED).exists()


def test_the_source_channel_column_decides_the_channel_and_numbers_are_unique_across_channels(
    tmp_path, place
):
    path = write_csv(
        tmp_path / "a.csv",
        [
            order_row("SAME", 来源渠道="12345热线"),
            order_row("SAME", 来源渠道="网格"),
            order_row("X", 来源渠道="微博"),
        ],
        headers=[*list(order_row()), "来源渠道"],
    )
    report = import_json(path)
    assert report["created"] == 2
    assert report["errors"] == [{"row": 3, "reason": "工单编号「SAME」与第2行重复，本行未导入"}]
    assert report["warnings"] == [{"row": 4, "reason": "来源渠道「微博」无法识别，已按「12345热线」导入"}]
    assert list(WorkOrder.objects.filter(number="SAME").values_list("channel", flat=True)) == ["12345"]


def test_the_human_summary_is_in_chinese(tmp_path, place):
    path = write_csv(tmp_path / "a.csv", [order_row("N1"), order_row("", 诉求内容="无编号")])
    out = StringIO()
    call_command("import-orders", str(path), stdout=out)
    assert out.getvalue().splitlines() == [
        "文件「a.csv」（表头在第1行）",
        "导入完成：共2行数据，新增1条，更新0条，未变0条，拒绝1条，警告0条。",
        "未导入的行：",
        "  第3行：缺少工单编号",
    ]


def test_the_progress_bar_goes_to_stderr_only(tmp_path, place, capsys):
    path = write_csv(tmp_path / "a.csv", [order_row("N1"), order_row("N2")])
    out = StringIO()
    call_command("import-orders", str(path), "--json", "--progress", stdout=out)
    assert out.getvalue().startswith('{"created": 2')
    captured = capsys.readouterr()
    assert "导入:" in captured.err and "/2 [" in captured.err and captured.out == ""
