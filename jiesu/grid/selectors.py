"""Reads of the grid: lists from the user's scope, the workbench queues and the figures."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from jiesu.accounts import access
from jiesu.grid.models import GridGroup, GridMatter, GridMember, MatterStatus, Tier
from jiesu.places.models import Community
from jiesu.workorders.models import Channel, WorkOrder
from jiesu.workorders.states import OPEN_STATUSES, Status

DONE_STATUSES = (Status.RESOLVED, Status.VISITED, Status.CLOSED)
# workbench queues: name -> (label, filter)
QUEUES = {
    "open": ("网格事项待处理", Q(status=MatterStatus.OPEN)),
    "community_open": (
        "网格大事未办结",
        Q(status=MatterStatus.TO_COMMUNITY, order__status__in=OPEN_STATUSES),
    ),
    "street_open": ("网格难点未办结", Q(status=MatterStatus.TO_STREET, order__status__in=OPEN_STATUSES)),
}
# a matter settled before it became a 12345 order: settled in the group, or its escalated order
# done, and no 12345 order linked to it
SETTLED_EARLY = Q(hotline_order__isnull=True) & (
    Q(status=MatterStatus.SETTLED)
    | Q(status__in=(MatterStatus.TO_COMMUNITY, MatterStatus.TO_STREET), order__status__in=DONE_STATUSES)
)


def group_list(*, user, community: int | None = None) -> QuerySet:
    groups = access.scope(user, GridGroup).select_related("community")
    if community:
        groups = groups.filter(community_id=community)
    return groups.annotate(
        member_count=Count("members", filter=Q(members__is_active=True), distinct=True),
        building_count=Count("buildings", distinct=True),
    ).order_by("community_id", "kind", "id")


def group_get(*, user, group_id: int) -> GridGroup:
    return access.scope(user, GridGroup).select_related("community").get(pk=group_id)


def member_choices(*, user) -> QuerySet:
    """Members a user may record a matter for: a grid worker their own groups', others the scope's."""
    members = (
        access.scope(user, GridMember).filter(is_active=True, group__is_active=True).select_related("group")
    )
    if access.role_of(user) == "grid_worker":
        members = members.filter(group__members__user=user, group__members__is_active=True).distinct()
    return members.order_by("group__community_id", "group_id", "id")


def matter_list(*, user, filters: dict | None = None) -> QuerySet:
    filters = filters or {}
    matters = access.scope(user, GridMatter).select_related(
        "group", "community", "reporter", "order", "hotline_order"
    )
    for key, name in (
        ("community", "community_id"),
        ("group", "group_id"),
        ("tier", "tier"),
        ("status", "status"),
    ):
        if filters.get(key):
            matters = matters.filter(**{name: filters[key]})
    if filters.get("queue") in QUEUES:
        matters = matters.filter(QUEUES[filters["queue"]][1])
    if filters.get("start"):
        matters = matters.filter(reported_at__date__gte=filters["start"])
    if filters.get("end"):
        matters = matters.filter(reported_at__date__lte=filters["end"])
    if filters.get("q"):
        matters = matters.filter(Q(title__contains=filters["q"]) | Q(description__contains=filters["q"]))
    return matters.order_by("-reported_at", "-id")


def matter_get(*, user, matter_id: int) -> GridMatter:
    return matter_list(user=user).get(pk=matter_id)


# -- figures --------------------------------------------------------------------------------------
@dataclass
class CommunityMatters:
    community: Community
    matters: int = 0
    minor: int = 0
    major: int = 0
    hard: int = 0
    settled: int = 0
    to_community: int = 0
    to_street: int = 0
    early: int = 0

    @property
    def early_share(self) -> float | None:
        return self.early / self.matters if self.matters else None


def _communities(scope) -> QuerySet | None:
    if scope.street_wide:
        communities = Community.objects.all()
    elif scope.community_id is not None:
        communities = Community.objects.filter(pk=scope.community_id)
    else:
        return None
    if scope.pick_community:
        communities = communities.filter(pk=scope.pick_community)
    return communities.order_by("id")


def matter_figures(*, scope, start: date, end: date) -> list[CommunityMatters] | None:
    """Per community with grid matters reported in the period (withdrawn ones not counted)."""
    communities = _communities(scope)
    if communities is None:
        return None
    rows = (
        GridMatter.objects.filter(
            community__in=communities, reported_at__date__gte=start, reported_at__date__lte=end
        )
        .exclude(status=MatterStatus.WITHDRAWN)
        .values("community_id")
        .annotate(
            matters=Count("id"),
            minor=Count("id", filter=Q(tier=Tier.MINOR)),
            major=Count("id", filter=Q(tier=Tier.MAJOR)),
            hard=Count("id", filter=Q(tier=Tier.HARD)),
            settled=Count("id", filter=Q(status=MatterStatus.SETTLED)),
            to_community=Count("id", filter=Q(status=MatterStatus.TO_COMMUNITY)),
            to_street=Count("id", filter=Q(status=MatterStatus.TO_STREET)),
            early=Count("id", filter=SETTLED_EARLY),
        )
        .order_by()
    )
    by_id = {row.pop("community_id"): row for row in rows}
    return [CommunityMatters(community=c, **by_id[c.pk]) for c in communities if c.pk in by_id]


def months_between(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (
            month.replace(year=month.year + 1, month=1)
            if month.month == 12
            else month.replace(month=month.month + 1)
        )
    return months


@dataclass
class ZeroMonths:
    community: Community
    months: list[date] = field(default_factory=list)  # the assessment periods (months) considered
    zero: list[date] = field(default_factory=list)  # those with no 12345 order


def zero_hotline_months(*, scope, start: date, end: date) -> list[ZeroMonths] | None:
    """Each community's assessment periods (calendar months touching [start, end], up to this month)
    with zero 12345 orders received."""
    communities = _communities(scope)
    if communities is None:
        return None
    months = [m for m in months_between(start, end) if m <= timezone.localdate()]
    if not months:
        return []
    first = months[0]
    seen = set(
        WorkOrder.objects.filter(
            channel=Channel.HOTLINE,
            community__in=communities,
            received_at__date__gte=first,
            received_at__date__lte=end,
        )
        .annotate(month=TruncMonth("received_at"))
        .values_list("community_id", "month")
        .distinct()
        .order_by()
    )
    seen = {(community, (m.date() if hasattr(m, "date") else m)) for community, m in seen}
    return [ZeroMonths(c, months, [m for m in months if (c.pk, m) not in seen]) for c in communities]
