"""orders_import: a 12345 platform export (.xlsx/.csv) in, orders created or updated, a report out.

The file is read as a stream (`reader.table_open`, within the caps of `limits`). Each row is
written in its own short transaction, so a bad row or a crash never leaves half an order and
other users' saves never wait longer than one row. A dry run writes nothing and takes no lock:
each row goes through the same parsing, matching and comparison on an unsaved copy
(`saving.…(write=False)`), so its report is the one the real import would give.
"""

import io
from collections.abc import Callable
from os import PathLike
from pathlib import Path
from typing import BinaryIO

from django.db import DatabaseError, transaction

from jiesu.accounts import access
from jiesu.core.errors import DomainError
from jiesu.core.selectors import calendar_current
from jiesu.intake.importing.errors import RowRejected
from jiesu.intake.importing.reader import Row, Table, table_open
from jiesu.intake.importing.report import EXAMPLES_KEPT, ImportReport, Issue
from jiesu.intake.importing.resolve import Resolver
from jiesu.intake.importing.rows import row_parse
from jiesu.intake.importing.saving import NEEDS_UNIT, order_create_from_row, order_update_from_row
from jiesu.intake.importing.values import parse_status
from jiesu.workorders.models import Flag, WorkOrder

Source = bytes | str | PathLike | BinaryIO
Progress = Callable[[int, int], None]
# (row, kind, order id) of each warning, for a background import to record which orders it concerns
IssueSink = Callable[[int, str, int | None], None]


def _opened(source: Source):
    if isinstance(source, bytes):
        return io.BytesIO(source), True
    if isinstance(source, str | PathLike):
        return Path(source).open("rb"), True
    return source, False


def orders_import(
    *,
    source: Source,
    filename: str,
    mapping: dict[str, list[str]] | None = None,
    dry_run: bool = False,
    actor=None,
    progress: Progress | None = None,
    on_warning: IssueSink | None = None,
    bounded: bool = False,
) -> ImportReport:
    """Raises UnusableFile when the file cannot be read as a table with the required columns, or
    goes past a cap (rows, columns, cell length, size) — before any row is written.

    `actor` None is the system (a command run by an operator); a person must be allowed to import.
    `bounded` keeps only a sample of the warnings in the report (a background import: every
    warning still goes to `on_warning`)."""
    if actor is not None:
        access.ensure(actor, "import", WorkOrder, "只有派单员或中心管理员可以导入工单。")
    file, owned = _opened(source)
    try:
        with table_open(file=file, filename=filename, mapping=mapping) as table:
            report = ImportReport(
                filename=filename,
                sheet=table.sheet,
                header_row=table.header_row,
                dry_run=dry_run,
                keep=EXAMPLES_KEPT if bounded else None,
            )
            _Run(table=table, report=report, actor=actor, write=not dry_run, on_warning=on_warning).all_rows(
                progress
            )
    finally:
        if owned:
            file.close()
    return report


class _Run:
    def __init__(
        self, *, table: Table, report: ImportReport, actor, write: bool, on_warning: IssueSink | None
    ):
        self.table, self.report, self.actor, self.write = table, report, actor, write
        self.on_warning = on_warning
        self.resolver = Resolver()
        self.calendar = calendar_current()
        self.landed: dict[str, int] = {}  # number -> row where it landed (numbers are unique across channels)

    def all_rows(self, progress: Progress | None) -> None:
        total = self.table.total
        done = 0
        for done, row in enumerate(self.table.rows, start=1):
            if not row.is_blank():
                self.one_row(row)
            if progress:
                progress(done, max(total, done))
        if progress and done == 0:
            progress(0, 0)

    def one_row(self, row: Row) -> None:
        report = self.report
        try:
            parsed = row_parse(row=row, table=self.table, calendar=self.calendar)
            key = parsed.number
            if key in self.landed:
                raise RowRejected(f"工单编号「{parsed.number}」与第{self.landed[key]}行重复，本行未导入")
            order, outcome = self._save(parsed)
        except RowRejected as exc:
            report.reject(Issue(row.number, exc.reason))
            return
        self.landed[key] = row.number
        setattr(report, outcome, getattr(report, outcome) + 1)
        for kind, reason in parsed.warnings + _flag_warnings(order):
            report.warn(Issue(row.number, reason, kind))
            if self.on_warning:
                self.on_warning(row.number, kind, order.pk)

    def _save(self, parsed) -> tuple[WorkOrder, str]:
        note = f"{self.report.filename} 第{parsed.row}行"
        try:
            if not self.write:
                return self._plan(parsed, note)
            with transaction.atomic():
                existing = WorkOrder.objects.filter(number=parsed.number).first()
                if existing is None:
                    order = order_create_from_row(
                        parsed=parsed,
                        resolver=self.resolver,
                        calendar=self.calendar,
                        actor=self.actor,
                        note=note,
                    )
                    return order, "created"
                changed, order = order_update_from_row(
                    order=existing, parsed=parsed, resolver=self.resolver, actor=self.actor, note=note
                )
                return order, "updated" if changed else "unchanged"
        except (DatabaseError, DomainError) as exc:
            raise RowRejected(f"保存失败：{exc}") from exc

    def _plan(self, parsed, note: str) -> tuple[WorkOrder, str]:
        """What saving would do, read-only (no transaction, no lock, nothing written)."""
        existing = WorkOrder.objects.filter(number=parsed.number).first()
        if existing is None:
            order = order_create_from_row(
                parsed=parsed,
                resolver=self.resolver,
                calendar=self.calendar,
                actor=self.actor,
                note=note,
                write=False,
            )
            return order, "created"
        changed, order = order_update_from_row(
            order=existing, parsed=parsed, resolver=self.resolver, actor=self.actor, note=note, write=False
        )
        return order, "updated" if changed else "unchanged"


def _flag_warnings(order: WorkOrder) -> list[tuple[str, str]]:
    texts = {
        Flag.UNKNOWN_CATEGORY: (
            "category",
            f"问题分类「{order.category_text}」不在分类目录中，已导入并标记待核实",
        ),
        Flag.UNRESOLVED_PLACE: (
            "place",
            f"问题地址「{order.address_text}」未能定位到社区或小区，已导入并标记待核实"
            if order.address_text
            else "未填写问题地址，诉求内容中也未能定位到社区或小区，已导入并标记待核实",
        ),
        Flag.UNKNOWN_UNIT: ("unit", f"承办单位「{order.source_unit}」未识别，已导入并标记待核实"),
    }
    warnings = [text for flag, text in texts.items() if flag.value in order.flags]
    if (
        order.lead_unit_id is None
        and order.status not in NEEDS_UNIT
        and parse_status(order.source_status) in NEEDS_UNIT
    ):
        unit = f"承办单位「{order.source_unit}」未识别" if order.source_unit else "没有承办单位"
        warnings.insert(
            0,
            (
                "no_unit",
                f"平台状态「{order.source_status}」表示已派单，但{unit}，"
                f"已按「{order.get_status_display()}」导入，请派单",
            ),
        )
    return warnings
