"""Co-building units and joint activities as .xlsx (safe cells)."""

from django.db.models import QuerySet

from jiesu.core.xlsx import write_xlsx

PROFILE_HEADERS = [
    "共建单位",
    "结对社区",
    "加入日期",
    "联系人",
    "联系电话",
    "可提供资源",
    "已开展活动",
    "应召报到吹哨",
]
ACTIVITY_HEADERS = [
    "活动日期",
    "活动名称",
    "活动类型",
    "社区",
    "地点",
    "共建单位",
    "状态",
    "参与人数",
    "开展情况",
]


def profiles_export_xlsx(*, profiles: QuerySet) -> bytes:
    rows = (
        [
            p.unit.name,
            p.community.name if p.community else "",
            p.joined_on,
            p.contact_name,
            p.contact_phone,
            "；".join(str(resource) for resource in p.resources.all()),
            p.activities_held,
            p.whistles_answered,
        ]
        for p in profiles
    )
    return write_xlsx(headers=PROFILE_HEADERS, rows=rows, sheet_title="共建单位")


def activities_export_xlsx(*, activities: QuerySet) -> bytes:
    rows = (
        [
            a.date,
            a.title,
            a.type.name,
            a.community.name,
            a.place,
            "、".join(u.name for u in a.units.all()),
            a.get_status_display(),
            a.participants,
            a.summary,
        ]
        for a in activities[:20000]
    )
    return write_xlsx(headers=ACTIVITY_HEADERS, rows=rows, sheet_title="联建活动")
