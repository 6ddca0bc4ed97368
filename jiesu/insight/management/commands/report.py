"""`jiesu report --month 2024-09 [--community NAME] [--unit NAME] --format xlsx|pdf|html --output PATH`."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiesu.insight.management.commands.stats import community_id
from jiesu.insight.report.build import REPORT_FORMATS, report_render
from jiesu.insight.rollup import insight_refresh
from jiesu.insight.selectors import Scope
from jiesu.units.models import Unit


def _month(text: str) -> date:
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError as error:
        raise CommandError(f"月份格式应为 YYYY-MM：{text}") from error


class Command(BaseCommand):
    help = "生成 12345 接诉即办月度数据分析报告（xlsx / pdf / html）。"

    def add_arguments(self, parser):
        parser.add_argument("--month", type=_month, required=True)
        parser.add_argument("--community", default=None, help="社区名称（默认全街道）")
        parser.add_argument("--unit", default=None, help="承办单位名称")
        parser.add_argument("--format", dest="fmt", choices=sorted(REPORT_FORMATS), default="xlsx")
        parser.add_argument("--output", required=True)

    def handle(self, *args, month, community, unit, fmt, output, **options):
        scope = Scope(street_wide=True, pick_community=community_id(community), pick_unit=_unit_id(unit))
        insight_refresh()  # a command may wait for the summaries; a web request does not
        content, _ = report_render(scope=scope, month=month, fmt=fmt)
        Path(output).write_bytes(content)
        self.stdout.write(f"已生成 {output}（{len(content)} 字节）")


def _unit_id(name: str | None) -> int | None:
    if not name:
        return None
    found = Unit.objects.filter(name=name).values_list("id", flat=True).first()
    if found is None:
        raise CommandError(f"没有名为「{name}」的承办单位。")
    return found
