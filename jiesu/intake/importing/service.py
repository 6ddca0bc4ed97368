"""orders_import: a 12345 platform export (.xlsx/.csv) in, orders created or updated, a report out.

Each row is written in its own transaction, so a bad row or a crash never leaves half an order;
a dry run does everything inside one outer transaction and rolls it all back at the end.
"""

from collections.abc import Callable
from os import PathLike
from pathlib import Path
from typing import BinaryIO

from django.db import DatabaseError, transaction

from jiesu.accounts import access
from jiesu.core.errors import DomainError
from jiesu.core.selectors import calendar_current
from jiesu.intake.importing.errors import RowRejected
from jiesu.intake.importing.reader import Row, Table, table_read
from jiesu.intake.importing.report import ImportReport, Issue
from jiesu.intake.importing.resolve import Resolver
from jiesu.intake.importing.rows import row_parse
from jiesu.intake.importing.saving import order_create_from_row, order_update_from_row
from jiesu.workorders.models import Flag, WorkOrder

Source = bytes | str | PathLike | BinaryIO
Progress = Callable[[int, int], None]


def _read(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | PathLike):
        return Path(source).read_bytes()
    if hasattr(source, "seek"):
        source.seek(0)
    return source.read()


def orders_import(
    *,
    source: Source,
    filename: str,
    mapping: dict[str, list[str]] | None = None,
    dry_run: bool = False,
    actor=None,
    progress: Progress | None = None,
) -> ImportReport:
    """Raises UnusableFile when the file cannot be read as a table with the required columns.

    `actor` None is the system (a command run by an operator); a person must be allowed to import.
    """
    if actor is not None:
        access.ensure(actor, "import", WorkOrder, "只有派单员或中心管理员可以导入工单。")
    table = table_read(data=_read(source), filename=filename, mapping=mapping)
    report = ImportReport(filename=filename, sheet=table.sheet, header_row=table.header_row, dry_run=dry_run)
    run = _Run(table=table, report=report, actor=actor)
    total = len(table.rows)
    if not dry_run:
        run.all_rows(progress, total)
        return report
    with transaction.atomic():
        run.all_rows(progress, total)
        transaction.set_rollback(True)
    return report


class _Run:
    def __init__(self, *, table: Table, report: ImportReport, actor):
        self.table, self.report, self.actor = table, report, actor
        self.resolver = Resolver()
        self.calendar = calendar_current()
        self.landed: dict[tuple[str, str], int] = {}  # (channel, number) -> row where it landed

    def all_rows(self, progress: Progress | None, total: int) -> None:
        for done, row in enumerate(self.table.rows, start=1):
            if not row.is_blank():
                self.one_row(row)
            if progress:
                progress(done, total)

    def one_row(self, row: Row) -> None:
        report = self.report
        try:
            parsed = row_parse(row=row, table=self.table, calendar=self.calendar)
            key = (parsed.channel, parsed.number)
            if key in self.landed:
                raise RowRejected(f"工单编号「{parsed.number}」与第{self.landed[key]}行重复，本行未导入")
            order, outcome = self._save(parsed)
        except RowRejected as exc:
            report.rejected += 1
            report.errors.append(Issue(row.number, exc.reason))
            return
        self.landed[key] = row.number
        setattr(report, outcome, getattr(report, outcome) + 1)
        for reason in parsed.warnings + _flag_warnings(order):
            report.warnings.append(Issue(row.number, reason))

    def _save(self, parsed) -> tuple[WorkOrder, str]:
        note = f"{self.report.filename} 第{parsed.row}行"
        try:
            with transaction.atomic():
                existing = WorkOrder.objects.filter(channel=parsed.channel, number=parsed.number).first()
                if existing is None:
                    order = order_create_from_row(
                        parsed=parsed,
                        resolver=self.resolver,
                        calendar=self.calendar,
                        actor=self.actor,
                        note=note,
                    )
                    return order, "created"
                event, order = order_update_from_row(
                    order=existing, parsed=parsed, resolver=self.resolver, actor=self.actor, note=note
                )
                return order, "updated" if event else "unchanged"
        except (DatabaseError, DomainError) as exc:
            raise RowRejected(f"保存失败：{exc}") from exc


def _flag_warnings(order: WorkOrder) -> list[str]:
    texts = {
        Flag.UNKNOWN_CATEGORY: f"问题分类「{order.category_text}」不在分类目录中，已导入并标记待核实",
        Flag.UNRESOLVED_PLACE: (
            f"问题地址「{order.address_text}」未能定位到社区或小区，已导入并标记待核实"
            if order.address_text
            else "未填写问题地址，诉求内容中也未能定位到社区或小区，已导入并标记待核实"
        ),
        Flag.UNKNOWN_UNIT: f"承办单位「{order.source_unit}」未识别，已导入并标记待核实",
    }
    return [text for flag, text in texts.items() if flag.value in order.flags]
