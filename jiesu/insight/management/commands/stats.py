"""`jiesu stats --from DATE --to DATE [--community NAME] [--compare previous-year] --json`."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from jiesu.insight.rollup import insight_refresh
from jiesu.insight.selectors import Period, Scope, headline
from jiesu.places.models import Community


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from error


def community_id(name: str | None) -> int | None:
    if not name:
        return None
    found = Community.objects.filter(name=name).values_list("id", flat=True).first()
    if found is None:
        raise CommandError(f"没有名为「{name}」的社区。")
    return found


class Command(BaseCommand):
    help = "打印一段时间的核心数据（受理量、同比/环比、主要问题、三率），供脚本使用。"

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", type=_date, required=True)
        parser.add_argument("--to", dest="end", type=_date, required=True)
        parser.add_argument("--community", default=None, help="社区名称（默认全街道）")
        parser.add_argument(
            "--compare", choices=["previous-year", "previous-period"], default="previous-year"
        )
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, start, end, community, compare, json: bool = False, **options):
        if end < start:
            raise CommandError("--to 不能早于 --from。")
        scope = Scope(street_wide=True, pick_community=community_id(community))
        insight_refresh()  # a command may wait for the summaries; a web request does not
        figures = headline(scope=scope, period=Period(start, end), fresh=False)
        figures["community"] = community or "全街道"
        figures["compare"] = compare
        figures["change_pct"] = figures["yoy_pct"] if compare == "previous-year" else figures["mom_pct"]
        if json:
            self.stdout.write(_dumps(figures))
            return
        self.stdout.write(
            f"{figures['community']} {figures['period']['label']}：受理 {figures['total']} 件，"
            f"变化 {figures['change_pct']}%"
        )
        for row in figures["top_categories"]:
            self.stdout.write(f"  {row['category']}: {row['count']} ({row['pct']}%)")
        self.stdout.write("  三率: " + ", ".join(f"{k}={v}" for k, v in figures["rates"].items()))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
