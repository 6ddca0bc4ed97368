"""What the volunteer service adds to pages it does not own: workbench tiles and a report section.
A tile opens the list filtered by the same selector, so its number equals the list's total."""

from datetime import date

from django.urls import reverse

from jiesu.core.extensions import ReportSection, Tile
from jiesu.volunteers.permissions import sees_any
from jiesu.volunteers.selectors import pairing_overdue_count, resident_list, team_hours

GROUP = "志愿服务"


def volunteer_tiles(user) -> list[Tile]:
    if not sees_any(user):
        return []
    overdue = pairing_overdue_count(user=user)
    unpaired = resident_list(user=user, filters={"unpaired": True}).count()
    return [
        Tile("结对走访逾期", overdue, f"{reverse('volunteers_pairings')}?overdue=1", "danger", GROUP),
        Tile("困难群众未结对", unpaired, f"{reverse('volunteers_residents')}?unpaired=1", "warn", GROUP),
    ]


def teams_section(*, scope, start: date, end: date) -> ReportSection | None:
    if not scope.street_wide:
        return None  # the teams are the street's; a community sees its own on /volunteers/
    rows = [[t.team.name, t.volunteers, t.services, float(t.hours)] for t in team_hours(start=start, end=end)]
    if rows:
        rows.append(
            ["合计", sum(r[1] for r in rows), sum(r[2] for r in rows), round(sum(r[3] for r in rows), 1)]
        )
    return ReportSection(
        key="volunteers",
        title="志愿服务（1+4+X）",
        columns=["队伍", "在册志愿者", "服务次数", "服务时长(小时)"],
        rows=rows,
        note="期间内登记的服务记录（含结对走访）；在册志愿者为当前人数。",
        link=reverse("volunteers_home"),
    )
