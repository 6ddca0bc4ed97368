"""点位台账 on the workbench: overdue points and tasks, points waiting for a cadre or a revisit,
and a cadre's / an owner's own. Each tile opens the list filtered by the same queue (the same
selector), so its number equals the list's total."""

from django.urls import reverse
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.extensions import Tile
from jiesu.registers.permissions import may_open_registers, sees_any
from jiesu.registers.selectors import point_list, task_list

GROUP = "点位台账"


def register_tiles(user) -> list[Tile]:
    if not access.is_active(user):
        return []
    today = timezone.localdate()
    points, tasks = reverse("point_list"), reverse("task_list")
    tiles = []
    if sees_any(user):
        tiles.append(_point(user, "逾期点位", "overdue", "danger", points, today))
        if may_open_registers(user):
            tiles.append(_point(user, "待包户点位", "to_assign", "warn", points, today))
            tiles.append(_point(user, "待回访点位", "to_revisit", "", points, today))
        overdue = task_list(user=user, filters={"queue": "overdue"}, today=today).count()
        tiles.append(Tile("逾期专项任务", overdue, f"{tasks}?queue=overdue", "danger", GROUP))
    mine = point_list(user=user, filters={"queue": "mine"}, today=today).count()
    if mine:
        tiles.append(Tile("我包户的点位", mine, f"{points}?queue=mine", "", GROUP))
    my_tasks = task_list(user=user, filters={"queue": "mine"}, today=today).count()
    if my_tasks:
        tiles.append(Tile("我负责的专项任务", my_tasks, f"{tasks}?queue=mine", "", GROUP))
    return tiles


def _point(user, label: str, queue: str, tone: str, url: str, today) -> Tile:
    count = point_list(user=user, filters={"queue": queue}, today=today).count()
    return Tile(label, count, f"{url}?queue={queue}", tone, GROUP)
