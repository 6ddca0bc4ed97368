"""The whistle list as .xlsx: one row per summoned unit, the whistle's columns repeated."""

from jiesu.core.xlsx import write_xlsx
from jiesu.whistles.models import Summons
from jiesu.whistles.selectors import WhistleFilters, whistle_list

EXPORT_MAX_WHISTLES = 20_000
HEADERS = [
    "吹哨编号",
    "事项",
    "社区",
    "地点",
    "紧急程度",
    "吹哨状态",
    "吹哨时间",
    "吹哨单位",
    "召集单位",
    "召集状态",
    "报到时限",
    "报到时间",
    "按时报到",
    "到现场",
    "报到人",
    "报到用时(工作小时)",
    "处置措施",
    "处置结果",
    "确认解决时间",
    "退回次数",
    "报到及时",
    "处置有效",
    "总体满意",
    "社区评价说明",
    "吹哨是否合理",
    "单位评价理由",
]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _row(summons: Summons) -> list:
    whistle = summons.whistle
    return [
        whistle.number,
        whistle.title,
        whistle.community.name,
        whistle.place_name,
        whistle.get_urgency_display(),
        whistle.get_status_display(),
        whistle.blown_at,
        whistle.blown_by_unit.name if whistle.blown_by_unit else "",
        summons.unit.name,
        summons.get_status_display(),
        summons.check_in_due,
        summons.checked_in_at,
        _yes_no(summons.on_time),
        _yes_no(summons.on_site),
        summons.check_in_person,
        summons.check_in_working_hours,
        summons.measures,
        summons.result,
        summons.solved_at,
        summons.send_backs,
        summons.rating_on_time,
        summons.rating_effective,
        summons.rating_satisfied,
        summons.rating_note,
        _yes_no(summons.whistle_reasonable),
        summons.whistle_reason,
    ]


def whistles_export_xlsx(*, user, filters: WhistleFilters) -> bytes:
    """The whistles `user` sees under `filters` (newest first), a row per summoned unit."""
    whistles = whistle_list(user=user, filters=filters)[:EXPORT_MAX_WHISTLES]
    summonses = (
        Summons.objects.filter(whistle__in=whistles.values("pk"))
        .select_related(
            "unit",
            "whistle__community",
            "whistle__compound",
            "whistle__building__compound",
            "whistle__blown_by_unit",
        )
        .order_by("-whistle__blown_at", "-whistle_id", "id")
    )
    return write_xlsx(
        headers=HEADERS, rows=(_row(s) for s in summonses.iterator(chunk_size=2000)), sheet_title="吹哨报到"
    )
