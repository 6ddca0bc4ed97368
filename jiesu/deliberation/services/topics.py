"""The month's topics: staff confirm some of the ranked candidates (`selectors.topic_candidates`)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import ValidationFailed
from jiesu.core.events import event_record
from jiesu.deliberation.models import DeliberationEvent, EventKind, Programme, Topic, TopicSubmission
from jiesu.deliberation.services._perform import perform, text_clean
from jiesu.deliberation.states import TOPIC, TopicAction
from jiesu.workorders.models import WorkOrder

MAX_TOPICS = 10


@dataclass
class Pick:
    title: str
    submission_ids: list[int] = field(default_factory=list)
    order_ids: list[int] = field(default_factory=list)
    score: float = 0.0


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_range(month: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime(month.year, month.month, 1, tzinfo=tz)
    following = datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=tz)
    return start, following


def topics_confirm(
    *, programme_id: int, month: date, picks: list[Pick], actor, now: datetime | None = None
) -> list[Topic]:
    """Confirm `picks` as the month's topics (ranked in the given order, after any confirmed before).

    Each submission must be the programme's, from that month and not yet in a topic; each order must
    be one the programme compares with (its community and order channel) from that month."""
    now = now or timezone.now()
    month = month_start(month)
    if not picks:
        raise ValidationFailed("请至少选择一个议题。")
    if len(picks) > MAX_TOPICS:
        raise ValidationFailed(f"每月最多确定 {MAX_TOPICS} 个议题。")
    start, end = month_range(month)
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme_id)
        if actor is not None:
            access.ensure(actor, "manage", programme)
        already = Topic.objects.filter(programme=programme, month=month).count()
        if already + len(picks) > MAX_TOPICS:
            raise ValidationFailed(f"每月最多确定 {MAX_TOPICS} 个议题。")
        created = []
        for offset, pick in enumerate(picks):
            title = text_clean(pick.title, label="议题名称", limit=100)
            submissions = TopicSubmission.objects.select_for_update().filter(
                pk__in=pick.submission_ids, programme=programme, topic__isnull=True,
                submitted_at__gte=start, submitted_at__lt=end,
            )  # fmt: skip
            if submissions.count() != len(set(pick.submission_ids)):
                raise ValidationFailed("所选议题中有征集内容已归入其他议题或不属于本月，请刷新后重试。")
            orders = comparable_orders(programme=programme).filter(
                pk__in=pick.order_ids, received_at__gte=start, received_at__lt=end
            )
            if orders.count() != len(set(pick.order_ids)):
                raise ValidationFailed("所选议题中有工单不属于本社区本月，请刷新后重试。")
            topic = Topic.objects.create(
                programme=programme,
                month=month,
                title=title,
                rank=already + offset + 1,
                score=pick.score,
                confirmed_by=actor,
                confirmed_at=now,
            )
            submissions.update(topic=topic)
            topic.orders.set(pick.order_ids)
            created.append(topic)
            event_record(
                DeliberationEvent,
                kind=EventKind.TOPICS_CONFIRMED,
                actor=actor,
                new={
                    "month": month,
                    "title": title,
                    "rank": topic.rank,
                    "submissions": sorted(pick.submission_ids),
                    "orders": sorted(pick.order_ids),
                },
                at=now,
                programme=programme,
                topic=topic,
            )
    return created


def comparable_orders(*, programme: Programme):
    """The orders a programme's topic pick reads: its community's orders of its order channel
    (the street's, for a programme without a community). Read-only."""
    orders = WorkOrder.objects.filter(channel=programme.order_channel, master__isnull=True)
    if programme.community_id:
        orders = orders.filter(community_id=programme.community_id)
    return orders


def topic_drop(*, topic_id: int, actor, reason: str, now: datetime | None = None) -> Topic:
    reason = text_clean(reason, label="撤下原因", limit=300)
    return perform(
        model=Topic,
        pk=topic_id,
        machine=TOPIC,
        action=TopicAction.DROP,
        kind=EventKind.TOPIC_DROP,
        actor=actor,
        change=lambda topic: ({}, {}),
        note=reason,
        now=now,
    )
