"""One data row of a platform export → the order fields it gives, or the reason it cannot.

Only what the row actually says is returned: a blank cell never clears what we already have.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from jiesu.core.calendar import WorkCalendar
from jiesu.intake.importing import values as parse
from jiesu.intake.importing.errors import RowRejected
from jiesu.intake.importing.headers import field_label
from jiesu.intake.importing.reader import Row, Table
from jiesu.workorders.models import Channel, WorkOrder
from jiesu.workorders.services.intake import TITLE_LENGTH
from jiesu.workorders.states import Status

# our column field -> the WorkOrder field it fills, for plain text columns
TEXT_FIELDS = {
    "category": "category_text",
    "address": "address_text",
    "citizen_name": "citizen_name",
    "citizen_phone": "citizen_phone",
    "unit": "source_unit",
    "status": "source_status",
    "result": "result",
    "title": "title",
}
DATE_FIELDS = ("dispatched_at", "resolved_at", "visited_at")
CHOICE_FIELDS = {
    "appeal_type": (parse.parse_appeal_type, "已按「求助」导入"),
    "urgency": (parse.parse_urgency, "已按「一般」导入"),
    "visit_contacted": (parse.parse_bool, "已留空"),
    "visit_resolved": (parse.parse_bool, "已留空"),
    "visit_satisfaction": (parse.parse_satisfaction, "已留空"),
}
NUMBER_MAX = WorkOrder._meta.get_field("number").max_length


@dataclass
class ParsedRow:
    row: int
    number: str
    channel: str
    values: dict = field(default_factory=dict)  # WorkOrder field -> value, only what the row gives
    status: str | None = None  # our status for a recognised 工单状态
    community_hint: str = ""
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (kind, text), see report.WARNING_KINDS


def _limited(model_field: str, value: str, label: str, warnings: list[tuple[str, str]]) -> str:
    limit = WorkOrder._meta.get_field(model_field).max_length
    if limit and len(value) > limit:
        warnings.append(("truncated", f"{label}超过{limit}个字，已截断"))
        return value[:limit]
    return value


def row_parse(*, row: Row, table: Table, calendar: WorkCalendar) -> ParsedRow:
    """Raises RowRejected when the row cannot be an order."""

    def cell(name: str):
        index = table.columns.get(name)
        return row.cells[index] if index is not None and index < len(row.cells) else None

    number = unicodedata.normalize("NFKC", parse.text(cell("number"))).strip()
    if not number:
        raise RowRejected("缺少工单编号")
    if len(number) > NUMBER_MAX:
        raise RowRejected(f"工单编号「{number[:20]}…」超过{NUMBER_MAX}个字符")
    raw_received = cell("received_at")
    if not parse.text(raw_received):
        raise RowRejected("缺少受理时间")
    received_at = parse.parse_datetime(raw_received)
    if received_at is None:
        raise RowRejected(f"受理时间「{parse.text(raw_received)}」无法识别")
    content = parse.text(cell("content"))
    if not content:
        raise RowRejected("缺少诉求内容")

    parsed = ParsedRow(row=row.number, number=number, channel=Channel.HOTLINE)
    warnings = parsed.warnings
    for index in sorted(row.formulas & set(table.columns.values())):
        formula = parse.text(row.cells[index])
        header = table.headers[index] if index < len(table.headers) else ""
        warnings.append(("formula", f"「{header}」列是公式「{formula[:60]}」，已按原文保存，未计算"))
    values = parsed.values
    values["received_at"] = received_at
    values["content"] = content

    channel_text = parse.text(cell("channel"))
    if channel_text:
        channel = parse.parse_channel(channel_text)
        if channel is None:
            warnings.append(("channel", f"来源渠道「{channel_text}」无法识别，已按「12345热线」导入"))
        parsed.channel = channel or Channel.HOTLINE

    for column, model_field in TEXT_FIELDS.items():
        value = parse.text(cell(column))
        if value:
            values[model_field] = _limited(model_field, value, field_label(column), warnings)
    if "title" not in values:
        values["title"] = content.splitlines()[0].strip()[:TITLE_LENGTH]
    parsed.community_hint = parse.text(cell("community"))

    for column, (parser, fallback) in CHOICE_FIELDS.items():
        value_text = parse.text(cell(column))
        if value_text:
            value = parser(value_text)
            if value is None:
                warnings.append(("value", f"{field_label(column)}「{value_text}」无法识别，{fallback}"))
            else:
                values[column] = value

    for column in DATE_FIELDS:
        value_text = parse.text(cell(column))
        if value_text:
            moment = parse.parse_datetime(cell(column))
            if moment is None:
                warnings.append(("date", f"{field_label(column)}「{value_text}」无法识别，已留空"))
            else:
                values[column] = moment
    _resolve_due(cell("resolve_due"), received_at, calendar, parsed)

    if "source_status" in values:
        parsed.status = parse.parse_status(values["source_status"])
        if parsed.status is None:
            warnings.append(
                (
                    "status",
                    f"工单状态「{values['source_status']}」无法识别，已保留原文"
                    f"（新工单按「{Status.NEW.label}」处理）",
                )
            )
    return parsed


def _resolve_due(raw, received_at: datetime, calendar: WorkCalendar, parsed: ParsedRow) -> None:
    """办理时限 is either a moment or a duration from the received time (5个工作日, 24小时)."""
    value_text = parse.text(raw)
    if not value_text:
        return
    moment = parse.parse_datetime(raw)
    if moment is None and (limit := parse.parse_time_limit(raw)):
        amount, unit = limit
        if unit == "hours":
            moment = received_at + timedelta(hours=amount)
        else:
            moment = calendar.resolve_deadline(received_at, amount, timezone.get_current_timezone())
    if moment is None:
        parsed.warnings.append(("time_limit", f"办理时限「{value_text}」无法识别，已按办理时限规则计算"))
    else:
        parsed.values["resolve_due"] = moment
