"""`jiesu insight-rebuild`: build every summary table from the raw orders (after a bulk load)."""

import time

from django.core.management.base import BaseCommand

from jiesu.insight.rollup import insight_rebuild


class Command(BaseCommand):
    help = "从工单原始数据重建全部统计汇总表（演示数据装入或批量导入之后运行）。"

    def handle(self, *args, **options):
        started = time.monotonic()
        result = insight_rebuild()
        self.stdout.write(
            f"已重建 {result.orders} 张工单的统计汇总，用时 {time.monotonic() - started:.1f} 秒"
        )
