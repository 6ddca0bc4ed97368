"""What 居民议事 adds to pages it does not own: a poster kind (the proposal form), workbench tiles,
a report section and the deadline scan (registered in `apps.py`)."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.extensions import ReportSection, Tile
from jiesu.deliberation.models import Meeting, Programme, Task, TopicSubmission
from jiesu.deliberation.selectors import task_queue_counts
from jiesu.deliberation.states import MeetingStatus, TaskStatus
from jiesu.public.places import Place, PlaceKind


# -- posters ---------------------------------------------------------------------------------------
def programme_place(programme: Programme) -> Place:
    where = programme.community.name if programme.community_id else "街道"
    return Place(
        kind="d",
        pk=programme.pk,
        label=f"{programme.name}（{where}）",
        community=programme.community,
        address_text=where,
        extras={"programme": programme},
    )


def _programme_load(pk: int) -> Place | None:
    programme = Programme.objects.select_related("community").filter(pk=pk).first()
    return programme_place(programme) if programme else None


PROGRAMME_KIND = PlaceKind(
    letter="d",
    label="议事征集",
    load=_programme_load,
    objects=lambda: Programme.objects.filter(is_active=True).select_related("community").order_by("id"),
    place_of=programme_place,
    url_name="deliberation_public_submit",
    poster_title="有事大家议  扫码提议题",
    poster_lines=(
        "小区里想改的、想办的、想商量的事，扫码告诉议事会。",
        "管理小组每月汇总大家的提议确定议题，议事结果扫码可查。",
        "紧急情况请直接拨打 110、119、120；个人诉求请拨打 12345。",
    ),
)


# -- workbench tiles -------------------------------------------------------------------------------
GROUP = "居民议事"


def deliberation_tiles(user) -> list[Tile]:
    """The programme side: tasks in progress, overdue, waiting for confirmation; an owner unit: its
    own tasks. A tile opens the task list with the same filter (same selector)."""
    seen = access.visibility(user)
    if seen.empty:
        return []
    base = reverse("deliberation_tasks")
    if seen.street_wide or seen.community_id is not None:
        rows, mine = (
            [
                ("议定事项待确认", "reported", "warn"),
                ("议定事项逾期", "overdue", "danger"),
                ("议定事项办理中", "open", ""),
            ],
            False,
        )
    else:
        rows, mine = [("本单位议定事项", "open", "warn"), ("本单位议定事项逾期", "overdue", "danger")], True
    counts = task_queue_counts(user=user, queues=[queue for _, queue, _ in rows], mine=mine)
    if not mine and not access.scope(user, Programme).exists():
        return []
    if mine and not counts["open"]:
        return []
    suffix = "&mine=on" if mine else ""
    return [
        Tile(label, counts[queue], f"{base}?queue={queue}{suffix}", tone, GROUP)
        for label, queue, tone in rows
    ]


# -- the report section ------------------------------------------------------------------------------
def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tzinfo=tz), datetime.combine(
        end + timedelta(days=1), time.min, tzinfo=tz
    )


def programmes_section(*, scope, start: date, end: date) -> ReportSection | None:
    """Per programme in the period: proposals (by channel), topics, meetings held, decisions, solved, overdue."""
    if scope.street_wide:
        programmes = Programme.objects.all()
    elif scope.community_id is not None:
        programmes = Programme.objects.filter(community_id=scope.community_id)
    else:
        return None
    if getattr(scope, "pick_community", None):
        programmes = programmes.filter(community_id=scope.pick_community)
    begin, finish = _bounds(start, end)
    today = timezone.localdate()
    rows = []
    for programme in programmes.select_related("community").order_by("community_id", "id"):
        submissions = TopicSubmission.objects.filter(
            programme=programme, submitted_at__gte=begin, submitted_at__lt=finish
        )
        by_channel = submissions.aggregate(
            total=Count("pk"),
            online=Count("pk", filter=Q(channel="online")),
            offline=Count("pk", filter=~Q(channel="online")),
        )
        meetings = Meeting.objects.filter(
            programme=programme, held_at__gte=begin, held_at__lt=finish,
            status__in=[MeetingStatus.HELD, MeetingStatus.PUBLISHED],
        )  # fmt: skip
        tasks = Task.objects.filter(meeting__in=meetings)
        figures = tasks.aggregate(
            total=Count("pk"),
            solved=Count("pk", filter=Q(status=TaskStatus.SOLVED)),
            overdue=Count("pk", filter=Q(status__in=["open", "reported"], deadline__lt=today)),
        )
        rows.append(
            [
                f"{programme.name}（{programme.where}）",
                by_channel["total"],
                by_channel["online"],
                by_channel["offline"],
                programme.topics.filter(month__gte=start.replace(day=1), month__lte=end).count(),
                meetings.count(),
                figures["total"],
                figures["solved"],
                figures["solved"] / figures["total"] if figures["total"] else None,
                figures["overdue"],
            ]
        )
    if not rows:
        return None
    return ReportSection(
        key="deliberation",
        title="居民议事",
        columns=[
            "议事项目",
            "征集议题",
            "其中扫码",
            "其中信箱/走访/会上",
            "确定议题",
            "召开会议",
            "议定事项",
            "已解决",
            "解决率",
            "逾期未办",
        ],
        rows=rows,
        note="按提交、议题月份、会议时间统计；议定事项为本期召开会议的议定事项，解决率＝已解决÷议定事项，逾期未办为今天仍未解决且已过时限的。",
        link=reverse("deliberation_list"),
        percent_columns={8},
    )
