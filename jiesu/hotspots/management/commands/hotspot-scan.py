"""`jiesu hotspot-scan [--json]`: look for surges of one category at one compound or building.

Meant to be scheduled (cron, or Celery beat with hotspots.tasks.hotspot_scan_task every 10
minutes); safe to run as often as wanted.
"""

import json

from django.core.management.base import BaseCommand

from jiesu.hotspots.services import hotspot_scan


class Command(BaseCommand):
    help = "扫描近期工单：某小区或楼栋同类问题短时间内明显增多时发出热点预警。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="以 JSON 输出各项数量")

    def handle(self, *args, **options):
        counts = hotspot_scan().as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(counts, ensure_ascii=False))
            return
        self.stdout.write(
            "热点扫描完成：规则 {rules} 条，读取工单 {orders_read} 件；"
            "新预警 {raised} 条，已有预警新增工单 {extended} 条。".format(**counts)
        )
