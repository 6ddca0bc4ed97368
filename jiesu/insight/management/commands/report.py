"""`jiesu report --month 2024-09 [--community NAME] --format xlsx|pdf|html --output PATH`."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiesu.insight.management.commands.stats import community_id
from jiesu.insight.report.build import REPORT_FORMATS, report_render
from jiesu.insight.selectors import Scope


def _month(text: str) -> date:
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError as error:
        raise CommandError(f"月份格式应为 YYYY-MM：{text}") from error


class Command(BaseCommand):
    help = "生成 12345 接诉即办月度数据分析报告（xlsx / pdf / html）。"

    def add_arguments(self, parser):
        parser.add_argument("--month", type=_month, required=True)
        parser.add_argument("--community", default=None)
        parser.add_argument("--format", dest="fmt", choices=sorted(REPORT_FORMATS), default="xlsx")
        parser.add_argument("--output", required=True)

    def handle(self, *args, month, community, fmt, output, **options):
        scope = Scope(street_wide=True, pick_community=community_id(community))
        content, _ = report_render(scope=scope, month=month, fmt=fmt)
        Path(output).write_bytes(content)
        self.stdout.write(f"已生成 {output}（{len(content)} 字节）")
