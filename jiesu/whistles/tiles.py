"""吹哨报到 on the workbench: each role's open items. A tile opens the whistle list filtered to
exactly what it counts (the same selector), so its number equals the list's total."""

from django.urls import reverse

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.core.extensions import Tile
from jiesu.whistles.selectors import whistle_queue_counts

GROUP = "吹哨报到"
# (label, queue, tone)
STREET = [("待报到", "to_check_in", ""), ("报到超时", "overdue", "danger"), ("待确认结果", "to_confirm", "")]
COMMUNITY = [
    ("待确认结果", "to_confirm", "warn"),
    ("待评价单位", "to_rate", "warn"),
    ("报到超时", "overdue", "danger"),
    ("待报到", "to_check_in", ""),
]
UNIT = [
    ("待报到", "to_check_in", "warn"),
    ("报到超时", "overdue", "danger"),
    ("已报到待反馈", "checked_in", ""),
]


def whistle_tiles(user) -> list[Tile]:
    seen = access.visibility(user)
    if seen.empty:
        return []
    role = access.role_of(user)
    mine = False
    if seen.street_wide:
        rows = STREET
    elif role == Role.COMMUNITY:
        rows = COMMUNITY
    elif role in (Role.DEPARTMENT, Role.PROPERTY):
        rows, mine = UNIT, True
    else:
        return []
    base = reverse("whistle_list")
    suffix = "&mine=1" if mine else ""
    counts = whistle_queue_counts(user=user, queues=[queue for _, queue, _ in rows], mine=mine)
    return [
        Tile(label, counts[queue], f"{base}?queue={queue}{suffix}", tone, GROUP)
        for label, queue, tone in rows
    ]
