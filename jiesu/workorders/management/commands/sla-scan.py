"""`jiesu sla-scan [--json]`: every registered deadline check (orders first, then each app's).

Orders: mark due-soon and overdue, urge and supervise automatically. Other apps (whistles'
check-ins, ledger items, ...) register their own checks in `core.extensions.deadline_scans`.
Meant to be scheduled (cron, or Celery beat with workorders.tasks.sla_scan_task); safe to run
as often as wanted.
"""

import json

from django.core.management.base import BaseCommand

from jiesu.core.selectors import calendar_gap
from jiesu.workorders.tasks import deadline_scans_run


class Command(BaseCommand):
    help = "扫描各项办理时限：工单（即将超期、已超期、自动催办督办）及各应用登记的时限检查。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="以 JSON 输出各项数量")

    def handle(self, *args, **options):
        gap = calendar_gap()
        if gap.days:
            self.stderr.write(self.style.WARNING(f"警告：{gap.message}"))
        counts = deadline_scans_run()
        if options["json"]:
            self.stdout.write(json.dumps(counts, ensure_ascii=False))
            return
        self.stdout.write(
            "时限扫描完成：检查在办工单 {scanned} 件，即将超期 {due_soon} 件，已超期 {overdue} 件；"
            "本次自动催办 {urged} 件，自动督办 {supervised} 件。".format(**counts)
        )
        for key, result in counts.items():
            if isinstance(result, dict):
                self.stdout.write(f"{key}：" + "，".join(f"{name} {value}" for name, value in result.items()))
