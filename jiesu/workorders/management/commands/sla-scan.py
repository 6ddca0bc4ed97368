"""`jiesu sla-scan [--json]`: mark due-soon and overdue orders, urge and supervise automatically.

Meant to be scheduled (cron, or Celery beat with workorders.tasks.sla_scan_task); safe to run
as often as wanted.
"""

import json

from django.core.management.base import BaseCommand

from jiesu.workorders.services import sla_scan


class Command(BaseCommand):
    help = "扫描在办工单的办结时限：标记即将超期和已超期，超期自动催办，久拖自动督办。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="以 JSON 输出各项数量")

    def handle(self, *args, **options):
        counts = sla_scan().as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(counts, ensure_ascii=False))
            return
        self.stdout.write(
            "时限扫描完成：检查在办工单 {scanned} 件，即将超期 {due_soon} 件，已超期 {overdue} 件；"
            "本次自动催办 {urged} 件，自动督办 {supervised} 件。".format(**counts)
        )
