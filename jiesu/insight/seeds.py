"""The insight part of the demo street: the heating season as a seasonal rule (data, not code).

Beijing heats from 15 November to 15 March; 暖气不热 and 供暖设施漏水 rise from nothing to
dozens a month every November. The rule makes the dashboard and the hotspot page say so instead
of warning (`insight.selectors.rising`). A real street adds its own rules in the admin (季节性问题).
"""

from jiesu.core.extensions import DemoContext
from jiesu.insight.models import SeasonalRule
from jiesu.workorders.models import Category

HEATING = {
    "name": "供暖季",
    "path": f"市政设施{Category.SEPARATOR}供暖",
    "window": ((11, 15), (3, 15)),
    "note": "每年11月15日开始供暖，暖气不热、供暖设施漏水等诉求集中出现",
}


def seasonal_rules_seed(context: DemoContext) -> str:
    category = Category.objects.filter(path=HEATING["path"]).first()
    if category is None:
        return "季节性问题：演示分类中没有“市政设施 › 供暖”，未添加。"
    (start_month, start_day), (end_month, end_day) = HEATING["window"]
    SeasonalRule.objects.get_or_create(
        name=HEATING["name"],
        category=category,
        defaults={
            "start_month": start_month,
            "start_day": start_day,
            "end_month": end_month,
            "end_day": end_day,
            "note": HEATING["note"],
        },
    )
    return "季节性问题：供暖季（11月15日至次年3月15日，市政设施 › 供暖）。"
