"""Reads of registers, points, campaigns and tasks — always from the viewer's scope.

A list's queues are the tiles' definitions: the workbench counts `point_list(queue=...)` and the
list page shows the same queryset, so a tile's number is the list's total.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jiesu.accounts import access
from jiesu.accounts.models import Role, User
from jiesu.core.models import Photo
from jiesu.hotspots.selectors import recurring_points
from jiesu.registers.models import Campaign, CampaignTask, Point, Register, Topic
from jiesu.registers.permissions import compound_q
from jiesu.registers.states import OPEN_POINT, OPEN_TASK, PointStatus, TaskStatus
from jiesu.units.models import Unit
from jiesu.workorders.models import Status, WorkOrder

POINT_QUEUES = {
    "open": "未完成",
    "overdue": "逾期未回访",
    "to_assign": "待包户",
    "to_revisit": "待回访",
    "mine": "我包户的",
}
TASK_QUEUES = {"open": "未完成", "overdue": "逾期未完成", "mine": "我负责的"}


def register_scope(*, user) -> QuerySet[Register]:
    return access.scope(user, Register)


def point_scope(*, user) -> QuerySet[Point]:
    return access.scope(user, Point)


def campaign_scope(*, user) -> QuerySet[Campaign]:
    return access.scope(user, Campaign)


def task_scope(*, user) -> QuerySet[CampaignTask]:
    return access.scope(user, CampaignTask)


def register_list(*, user) -> QuerySet[Register]:
    return (
        register_scope(user=user)
        .select_related("community", "compound", "topic")
        .annotate(
            total=Count("points", filter=~Q(points__status=PointStatus.CANCELLED)),
            open=Count("points", filter=Q(points__status__in=OPEN_POINT)),
            closed=Count("points", filter=Q(points__status=PointStatus.REVISITED)),
        )
    )


def register_get(*, user, register_id: int) -> Register:
    return register_scope(user=user).select_related("community", "compound", "topic").get(pk=register_id)


def point_queue(points: QuerySet, *, queue: str, user, today: date) -> QuerySet:
    if queue == "open":
        return points.filter(status__in=OPEN_POINT)
    if queue == "overdue":
        return points.filter(status__in=OPEN_POINT, due_on__lt=today)
    if queue == "to_assign":
        return points.filter(status=PointStatus.REGISTERED)
    if queue == "to_revisit":
        return points.filter(status=PointStatus.REPAIRED)
    if queue == "mine":
        return points.filter(status__in=OPEN_POINT, cadre_id=user.pk)
    return points


def point_list(*, user, filters: dict | None = None, today: date | None = None) -> QuerySet[Point]:
    """Filters: queue, community, compound, topic, status, source, register, q (search)."""
    filters = filters or {}
    today = today or timezone.localdate()
    points = point_scope(user=user)
    points = point_queue(points, queue=filters.get("queue") or "", user=user, today=today)
    for key, lookup in (
        ("community", "register__community_id"),
        ("compound", "register__compound_id"),
        ("topic", "register__topic_id"),
        ("register", "register_id"),
        ("status", "status"),
        ("source", "source"),
    ):
        if filters.get(key):
            points = points.filter(**{lookup: filters[key]})
    text = (filters.get("q") or "").strip()
    if text:
        points = points.filter(
            Q(description__icontains=text)
            | Q(source_ref__icontains=text)
            | Q(register__compound__name__icontains=text)
            | Q(room__icontains=text)
            | Q(building__number=text.removesuffix("号楼").removesuffix("号"))
            | Q(cadre__display_name__icontains=text)
        )
    return points.select_related(
        "register__community", "register__compound", "register__topic", "building", "cadre"
    ).order_by("-registered_at", "-id")


def point_get(*, user, point_id: int) -> Point:
    return (
        point_scope(user=user)
        .select_related("register__community", "register__compound", "register__topic", "building", "cadre")
        .get(pk=point_id)
    )


def point_photos(*, point: Point) -> dict[str, list[Photo]]:
    """The point's photos by step (维修, 回访), oldest first."""
    found: dict[str, list[Photo]] = {}
    for photo in Photo.objects.filter(
        content_type=ContentType.objects.get_for_model(Point), object_id=point.pk
    ).order_by("id"):
        found.setdefault(photo.role or "其他", []).append(photo)
    return found


def points_of_order(*, user, order: WorkOrder) -> list[Point]:
    return list(
        point_scope(user=user).filter(orders=order).select_related("register__topic", "building")[:10]
    )


def cadre_choices(*, community_id: int) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, role__in=(Role.COMMUNITY, Role.GRID_WORKER), unit__community_id=community_id
    ).order_by("id")


def task_owner_choices(*, campaign: Campaign) -> QuerySet[User]:
    """Who may own a campaign task: the community workers and grid workers of its compounds'
    communities, and the staff of the property units that manage them."""
    compounds = campaign.compounds.all()
    units = set(compounds.exclude(property_project=None).values_list("property_project_id", flat=True))
    parents = set(Unit.objects.filter(pk__in=units).exclude(parent=None).values_list("parent_id", flat=True))
    return User.objects.filter(
        Q(
            role__in=(Role.COMMUNITY, Role.GRID_WORKER),
            unit__community_id__in=compounds.values("community_id"),
        )
        | Q(role=Role.PROPERTY, unit_id__in=units | parents),
        is_active=True,
    ).order_by("role", "id")


def topic_orders_q(topic: Topic, prefix: str = "category") -> Q:
    """Orders whose category is one of the topic's categories or below one."""
    q = Q(pk__in=[])
    for category in topic.categories.all():
        q |= Q(**{f"{prefix}__path": category.path}) | Q(
            **{f"{prefix}__path__startswith": category.path + category.SEPARATOR}
        )
    return q


def register_proposals(*, user, register: Register, today: date | None = None) -> list:
    """The recurring-point detector's points at the register's compound under its topic that are
    not yet in the register (by building)."""
    categories = list(register.topic.categories.all())
    if not categories:
        return []
    found = []
    registered = set(
        register.points.exclude(status=PointStatus.CANCELLED).values_list("building_id", flat=True)
    )
    for point in recurring_points(user=user, today=today, compound=register.compound_id):
        path = point.category.path
        if not any(path == c.path or path.startswith(c.path + c.SEPARATOR) for c in categories):
            continue
        building_id = point.building.pk if point.building else None
        if building_id in registered:
            continue
        found.append(point)
    return found


def task_queue(tasks: QuerySet, *, queue: str, user, today: date) -> QuerySet:
    if queue == "open":
        return tasks.filter(status__in=OPEN_TASK)
    if queue == "overdue":
        return tasks.filter(status__in=OPEN_TASK, due_on__lt=today)
    if queue == "mine":
        return tasks.filter(status__in=OPEN_TASK, owner_id=user.pk)
    return tasks


def task_list(*, user, filters: dict | None = None, today: date | None = None) -> QuerySet[CampaignTask]:
    filters = filters or {}
    today = today or timezone.localdate()
    tasks = task_queue(task_scope(user=user), queue=filters.get("queue") or "", user=user, today=today)
    for key, lookup in (("campaign", "campaign_id"), ("compound", "compound_id"), ("status", "status")):
        if filters.get(key):
            tasks = tasks.filter(**{lookup: filters[key]})
    text = (filters.get("q") or "").strip()
    if text:
        tasks = tasks.filter(
            Q(title__icontains=text)
            | Q(compound__name__icontains=text)
            | Q(owner__display_name__icontains=text)
        )
    return tasks.select_related("campaign", "compound", "building", "owner").order_by("due_on", "id")


def task_get(*, user, task_id: int) -> CampaignTask:
    return task_scope(user=user).select_related("campaign", "compound", "building", "owner").get(pk=task_id)


def campaign_get(*, user, campaign_id: int) -> Campaign:
    return campaign_scope(user=user).select_related("topic").get(pk=campaign_id)


def year_before(day: date) -> date:
    return day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) else date(day.year - 1, 2, 28)


@dataclass
class CompoundRow:
    name: str
    tasks: int = 0
    done: int = 0
    overdue: int = 0
    orders: int = 0  # the topic's orders at the compound in the window
    orders_before: int = 0  # ... in the same window a year earlier

    @property
    def change(self) -> float | None:
        return (self.orders - self.orders_before) / self.orders_before if self.orders_before else None


@dataclass
class Board:
    campaign: Campaign
    rows: list[CompoundRow]
    total: CompoundRow
    finished: bool  # the window is over: the comparison is final
    window_before: tuple[date, date] = field(default=(date.min, date.min))


def _window(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end, time.max, tz)


def campaign_topic_orders(*, campaign: Campaign, compound_ids, start: date, end: date) -> dict[int, int]:
    """Orders of the campaign's topic received at the compounds between start and end (inclusive,
    Beijing days), merged duplicates left out — per compound."""
    rows = (
        WorkOrder.objects.filter(topic_orders_q(campaign.topic), compound_id__in=list(compound_ids))
        .filter(received_at__range=_window(start, end))
        .exclude(status=Status.MERGED)
        .values("compound_id")
        .annotate(n=Count("id"))
    )
    return {row["compound_id"]: row["n"] for row in rows}


def campaign_board(*, user, campaign: Campaign, today: date | None = None) -> Board:
    """Per compound the viewer sees: tasks (done, overdue) and the topic's orders in the window
    against the same window a year earlier."""
    today = today or timezone.localdate()
    compounds = campaign.compounds.all().order_by("id")
    q = compound_q(user, "")
    if q is not None:
        compounds = compounds.filter(q)
    rows = {c.pk: CompoundRow(c.name) for c in compounds}
    for task in campaign.tasks.filter(compound_id__in=rows):
        row = rows[task.compound_id]
        row.tasks += 1
        row.done += task.status == TaskStatus.DONE
        row.overdue += task.status in OPEN_TASK and task.due_on < today
    end = min(campaign.ends_on, today)
    now = campaign_topic_orders(campaign=campaign, compound_ids=rows, start=campaign.starts_on, end=end)
    before_start, before_end = year_before(campaign.starts_on), year_before(end)
    before = campaign_topic_orders(campaign=campaign, compound_ids=rows, start=before_start, end=before_end)
    for pk, row in rows.items():
        row.orders, row.orders_before = now.get(pk, 0), before.get(pk, 0)
    total = CompoundRow("合计")
    for row in rows.values():
        for name in ("tasks", "done", "overdue", "orders", "orders_before"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return Board(campaign, list(rows.values()), total, today > campaign.ends_on, (before_start, before_end))
