"""jiesu import-orders PATH [--mapping FILE] [--dry-run] [--json] [--progress]

Exit status 0 when the file was read (even with rejected rows), 2 when it cannot be used.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jiesu.intake.importing import UnusableFile, mapping_load, orders_import


class Command(BaseCommand):
    help = "导入12345平台导出的工单文件（.xlsx 或 .csv）：新工单登记，已有工单按新导出更新。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="平台导出的 .xlsx 或 .csv 文件")
        parser.add_argument("--mapping", metavar="FILE", help='表头映射 JSON，如 {"number": "平台工单号"}')
        parser.add_argument("--dry-run", action="store_true", help="试运行：完整检查，但不写入任何数据")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        parser.add_argument("--progress", action="store_true", help="总是显示进度条（默认仅在终端中显示）")

    def handle(self, *args, **options):
        path = Path(options["path"])
        bar = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, unit="行", desc="导入", file=sys.stderr, leave=False)
            bar.update(done - bar.n)

        show_bar = options["progress"] or (sys.stderr.isatty() and not options["json"])
        try:
            mapping = mapping_load(Path(options["mapping"]).read_bytes()) if options["mapping"] else None
            report = orders_import(
                source=path,
                filename=path.name,
                mapping=mapping,
                dry_run=options["dry_run"],
                progress=progress if show_bar else None,
            )
        except UnusableFile as exc:
            raise CommandError(exc.message, returncode=2) from exc
        except OSError as exc:
            raise CommandError(f"无法打开文件「{exc.filename}」：{exc.strerror}", returncode=2) from exc
        finally:
            if bar is not None:
                bar.close()

        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
            return
        where = f"工作表「{report.sheet}」，" if report.sheet else ""
        self.stdout.write(f"文件「{report.filename}」（{where}表头在第{report.header_row}行）")
        self.stdout.write(report.summary())
        if report.errors:
            self.stdout.write("未导入的行：")
            for issue in report.errors:
                self.stdout.write(f"  {issue.message}")
        if report.warnings:
            self.stdout.write("警告（已导入，请核实）：")
            for issue in report.warnings:
                self.stdout.write(f"  {issue.message}")
