"""Reading 居民议事. Every read starts from the access policy's scope."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from jiesu.accounts import access
from jiesu.deliberation.models import (
    DeliberationEvent,
    Invitation,
    Meeting,
    Programme,
    Representative,
    Task,
    Topic,
    TopicSubmission,
)
from jiesu.deliberation.pick import Candidate, Item, candidates_rank
from jiesu.deliberation.services.topics import comparable_orders, month_range
from jiesu.deliberation.states import OPEN_TASK, MeetingStatus, TaskStatus
from jiesu.workorders.models import WorkOrder


# -- programmes ---------------------------------------------------------------------------------
def programme_list(*, user) -> QuerySet[Programme]:
    return (
        access.scope(user, Programme)
        .select_related("community")
        .annotate(
            representative_count=Count("representatives", distinct=True),
            meeting_count=Count(
                "meetings", filter=~Q(meetings__status=MeetingStatus.CANCELLED), distinct=True
            ),
        )
        .order_by("community_id", "id")
    )


def programme_get(*, user, programme_id: int) -> Programme:
    """One programme in the user's scope; Programme.DoesNotExist otherwise."""
    return access.scope(user, Programme).select_related("community").get(pk=programme_id)


def representatives_current(*, programme: Programme, on: date | None = None) -> QuerySet[Representative]:
    on = on or timezone.localdate()
    return (
        programme.representatives.filter(term_start__lte=on)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=on))
        .select_related("building__compound")
        .order_by("grid", "id")
    )


def invitees_suggest(
    *, programme: Programme, topics: list[Topic], on: date | None = None
) -> list[Representative]:
    """Representatives to invite for `topics`: those living in a building the topics' proposals or
    orders come from, then those of the same compounds, then the same grids; current terms only."""
    building_ids = set(
        TopicSubmission.objects.filter(topic__in=topics, building__isnull=False).values_list(
            "building_id", flat=True
        )
    )
    building_ids |= set(
        WorkOrder.objects.filter(
            pk__in=Topic.orders.through.objects.filter(topic__in=topics).values("workorder_id")
        )
        .exclude(building__isnull=True)
        .values_list("building_id", flat=True)
    )
    current = list(representatives_current(programme=programme, on=on))
    compounds = {r.building.compound_id for r in current if r.building_id in building_ids}
    grids = {r.grid for r in current if r.building_id in building_ids and r.grid}

    def closeness(rep: Representative) -> int | None:
        if rep.building_id in building_ids:
            return 0
        if rep.building_id and rep.building.compound_id in compounds:
            return 1
        if rep.grid and rep.grid in grids:
            return 2
        return None

    near = [(closeness(rep), rep.pk, rep) for rep in current if closeness(rep) is not None]
    return [rep for _, _, rep in sorted(near, key=lambda row: row[:2])]


# -- submissions and the month's pick -------------------------------------------------------------
@dataclass(frozen=True)
class SubmissionFilters:
    programme: int | None = None
    channel: str = ""
    month: date | None = None
    q: str = ""
    unassigned: bool = False


def submission_list(*, user, filters: SubmissionFilters = SubmissionFilters()) -> QuerySet[TopicSubmission]:
    rows = access.scope(user, TopicSubmission)
    if filters.programme:
        rows = rows.filter(programme_id=filters.programme)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    if filters.month:
        start, end = month_range(filters.month)
        rows = rows.filter(submitted_at__gte=start, submitted_at__lt=end)
    if filters.q:
        rows = rows.filter(content__icontains=filters.q.strip())
    if filters.unassigned:
        rows = rows.filter(topic__isnull=True)
    return rows.select_related("programme", "building__compound", "topic").order_by("-submitted_at", "-id")


def topic_candidates(*, programme: Programme, month: date) -> list[Candidate]:
    """The month's candidates, ranked: proposals not yet in a topic and the comparable orders not yet
    linked to one of the programme's topics, grouped by similarity (`pick.candidates_rank`)."""
    start, end = month_range(month)
    submissions = programme.submissions.filter(
        topic__isnull=True, submitted_at__gte=start, submitted_at__lt=end
    ).values_list("pk", "content", "submitted_at")
    taken = Topic.orders.through.objects.filter(topic__programme=programme).values("workorder_id")
    orders = (
        comparable_orders(programme=programme)
        .filter(received_at__gte=start, received_at__lt=end)
        .exclude(pk__in=taken)
        .values_list("pk", "title", "content", "received_at")
    )
    items = [Item(f"s{pk}", text, at) for pk, text, at in submissions]
    items += [Item(f"o{pk}", f"{title} {content}"[:300], at) for pk, title, content, at in orders]
    return candidates_rank(items)


def topics_of_month(*, programme: Programme, month: date) -> QuerySet[Topic]:
    return programme.topics.filter(month=month).annotate(
        submission_count=Count("submissions", distinct=True), order_count=Count("orders", distinct=True)
    )


# -- meetings --------------------------------------------------------------------------------------
def meeting_list(*, user, programme: Programme | None = None) -> QuerySet[Meeting]:
    meetings = access.scope(user, Meeting)
    if programme is not None:
        meetings = meetings.filter(programme=programme)
    return meetings.select_related("programme").annotate(
        task_count=Count("tasks", distinct=True),
        solved_count=Count("tasks", filter=Q(tasks__status=TaskStatus.SOLVED), distinct=True),
    )


def meeting_get(*, user, meeting_id: int) -> Meeting:
    return (
        access.scope(user, Meeting)
        .select_related("programme__community")
        .prefetch_related(
            "topics",
            Prefetch(
                "invitations",
                queryset=Invitation.objects.select_related("representative__building__compound").order_by(
                    "representative__grid", "representative_id"
                ),
            ),
        )
        .get(pk=meeting_id)
    )


def meeting_tasks(*, meeting: Meeting) -> QuerySet[Task]:
    return meeting.tasks.select_related("owner_unit", "topic").prefetch_related("orders").order_by("id")


# -- tasks ----------------------------------------------------------------------------------------
QUEUES = {"open": "办理中", "overdue": "已逾期", "reported": "待确认"}


def _queue_q(queue: str, today: date) -> Q:
    return {
        "open": Q(status__in=OPEN_TASK),
        "overdue": Q(status__in=OPEN_TASK, deadline__lt=today),
        "reported": Q(status=TaskStatus.REPORTED),
    }[queue]


@dataclass(frozen=True)
class TaskFilters:
    programme: int | None = None
    status: str = ""
    queue: str = ""
    unit: int | None = None
    mine: bool = False  # only tasks of the user's own units
    q: str = ""


def task_list(*, user, filters: TaskFilters = TaskFilters(), today: date | None = None) -> QuerySet[Task]:
    tasks = access.scope(user, Task)
    if filters.programme:
        tasks = tasks.filter(meeting__programme_id=filters.programme)
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.queue in QUEUES:
        tasks = tasks.filter(_queue_q(filters.queue, today or timezone.localdate()))
    if filters.unit:
        tasks = tasks.filter(owner_unit_id=filters.unit)
    if filters.mine:
        tasks = tasks.filter(owner_unit_id__in=access.user_units(user))
    if filters.q:
        tasks = tasks.filter(decision__icontains=filters.q.strip())
    return tasks.select_related("meeting__programme", "owner_unit", "topic").order_by("deadline", "id")


def task_queue_counts(*, user, queues: list[str], mine: bool = False) -> dict[str, int]:
    today = timezone.localdate()
    tasks = task_list(user=user, filters=TaskFilters(mine=mine), today=today)
    return tasks.order_by().aggregate(
        **{queue: Count("pk", filter=_queue_q(queue, today)) for queue in queues}
    )


def task_get(*, user, task_id: int) -> Task:
    return (
        access.scope(user, Task)
        .select_related("meeting__programme__community", "owner_unit", "topic")
        .prefetch_related("orders")
        .get(pk=task_id)
    )


def events_of(
    *, programme: Programme | None = None, meeting: Meeting | None = None, task: Task | None = None
):
    events = DeliberationEvent.objects.select_related("actor", "actor_unit")
    if task is not None:
        events = events.filter(task=task)
    elif meeting is not None:
        events = events.filter(meeting=meeting)
    else:
        events = events.filter(programme=programme)
    return events.order_by("at", "id")


# -- effect -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EffectMonth:
    month: date
    orders: int  # every order of the community in the month
    compared: int  # of them, the programme's order channel (12345 for a community)


def effect_months(*, programme: Programme, before: int = 12, until: date | None = None) -> list[EffectMonth]:
    """The community's orders per month, from `before` months ahead of the programme's start to
    `until` (the riders' council: the street's orders of its channel)."""
    until = until or timezone.localdate()
    first = programme.started_on.replace(day=1)
    for _ in range(before):
        first = (first - timedelta(days=1)).replace(day=1)
    start, _ = month_range(first)
    _, end = month_range(until.replace(day=1))
    orders = WorkOrder.objects.filter(received_at__gte=start, received_at__lt=end, master__isnull=True)
    if programme.community_id:
        orders = orders.filter(community_id=programme.community_id)
    else:
        orders = orders.filter(channel=programme.order_channel)
    rows = (
        orders.annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(total=Count("pk"), compared=Count("pk", filter=Q(channel=programme.order_channel)))
        .order_by("month")
    )
    found = {}
    for row in rows:
        month = row["month"]
        month = timezone.localtime(month).date() if isinstance(month, datetime) else month
        found[month.replace(day=1)] = (row["total"], row["compared"])
    months, month = [], first
    while month <= until:
        total, compared = found.get(month, (0, 0))
        months.append(EffectMonth(month, total, compared))
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months


# -- the public page -------------------------------------------------------------------------------
def outcomes_public(*, programme: Programme, limit: int = 12) -> QuerySet[Meeting]:
    """Published meetings, newest first, with topics and decisions (their status); no names."""
    return (
        programme.meetings.filter(status=MeetingStatus.PUBLISHED)
        .prefetch_related(
            "topics", Prefetch("tasks", queryset=Task.objects.select_related("owner_unit").order_by("id"))
        )
        .order_by("-held_at")[:limit]
    )


def rider_programme() -> Programme | None:
    """The riders' council whose suggestion box the riders' pages open (the active one, oldest first)."""
    return Programme.objects.filter(audience="riders", is_active=True).order_by("id").first()
