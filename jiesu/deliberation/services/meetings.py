"""Meetings: planned with topics and invited representatives, held (attendance, minutes, 五社联动
parties; the topics become discussed), decided (each decision a follow-up task), published."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import ValidationFailed
from jiesu.core.events import event_record
from jiesu.deliberation.models import (
    DeliberationEvent,
    EventKind,
    Invitation,
    Meeting,
    Programme,
    Representative,
    Task,
    Topic,
)
from jiesu.deliberation.services._perform import perform, text_clean
from jiesu.deliberation.states import MEETING, TOPIC, MeetingAction, TopicStatus
from jiesu.units.models import Unit
from jiesu.workorders.models import WorkOrder

PARTY_FIELDS = ("social_organisations", "social_workers", "volunteers", "charitable_resources")


def meeting_plan(
    *,
    programme_id: int,
    actor,
    held_at: datetime,
    place: str,
    topic_ids: list[int],
    representative_ids: list[int],
    now: datetime | None = None,
) -> Meeting:
    now = now or timezone.now()
    place = text_clean(place, label="地点", limit=100)
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme_id)
        if actor is not None:
            access.ensure(actor, "manage", programme)
        topics = list(
            Topic.objects.filter(pk__in=topic_ids, programme=programme, status=TopicStatus.CONFIRMED)
        )
        if len(topics) != len(set(topic_ids)):
            raise ValidationFailed("所选议题不属于本项目或已议过。")
        if not topics:
            raise ValidationFailed("请至少选择一个议题。")
        representatives = list(Representative.objects.filter(pk__in=representative_ids, programme=programme))
        if len(representatives) != len(set(representative_ids)):
            raise ValidationFailed("所选代表不属于本项目。")
        meeting = Meeting.objects.create(programme=programme, held_at=held_at, place=place, created_by=actor)
        meeting.topics.set(topics)
        Invitation.objects.bulk_create(Invitation(meeting=meeting, representative=r) for r in representatives)
        event_record(
            DeliberationEvent,
            kind=EventKind.MEETING_PLANNED,
            actor=actor,
            new={
                "held_at": held_at,
                "place": place,
                "topics": sorted(t.pk for t in topics),
                "invited": sorted(r.pk for r in representatives),
            },
            at=now,
            programme=programme,
            meeting=meeting,
        )
    return meeting


@dataclass
class Parties:
    """五社联动: who took part besides the representatives."""

    residents_count: int = 0
    social_organisations: str = ""
    social_workers: str = ""
    volunteers: str = ""
    charitable_resources: str = ""

    def cleaned(self) -> dict:
        if not 0 <= self.residents_count <= 5000:
            raise ValidationFailed("参会居民人数应在 0 到 5000 之间。")
        values = {"residents_count": self.residents_count}
        for name in PARTY_FIELDS:
            values[name] = text_clean(getattr(self, name), label="参与方", limit=300, required=False)
        return values


def meeting_hold(
    *,
    meeting_id: int,
    actor,
    attended_ids: list[int],
    minutes: str,
    parties: Parties | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Meeting:
    """Record the meeting as held: who of the invited came, the minutes, the 五社联动 parties; its
    topics become discussed (each with its own event)."""
    now = now or timezone.now()
    minutes = text_clean(minutes, label="会议纪要", limit=10000)
    party_values = (parties or Parties()).cleaned()

    def change(meeting: Meeting) -> tuple[dict, dict]:
        if meeting.held_at > now:
            raise ValidationFailed("会议时间未到，不能记录为已召开。")
        invited = dict(meeting.invitations.values_list("representative_id", "pk"))
        if not set(attended_ids) <= set(invited):
            raise ValidationFailed("出席代表须是受邀代表。")
        meeting.invitations.update(attended=False)
        meeting.invitations.filter(representative_id__in=attended_ids).update(attended=True)
        meeting.minutes = minutes
        for name, value in party_values.items():
            setattr(meeting, name, value)
        for topic in meeting.topics.filter(status=TopicStatus.CONFIRMED):
            _topic_discuss(topic=topic, actor=actor, meeting=meeting, now=now)
        return {}, {"attended": sorted(attended_ids), "invited": len(invited), **party_values}

    return perform(
        model=Meeting,
        pk=meeting_id,
        machine=MEETING,
        action=MeetingAction.HOLD,
        actor=actor,
        change=change,
        expected_version=expected_version,
        now=now,
    )


def _topic_discuss(*, topic: Topic, actor, meeting: Meeting, now: datetime) -> None:
    old = topic.status
    topic.status = TOPIC.target("discuss", old)
    topic.version += 1
    topic.save(update_fields=["status", "version"])
    event_record(
        DeliberationEvent,
        kind=EventKind.TOPIC_DISCUSS,
        actor=actor,
        old={"status": old},
        new={"status": topic.status, "meeting": meeting.pk},
        at=now,
        programme_id=topic.programme_id,
        topic=topic,
        meeting=meeting,
    )


def meeting_decide(
    *,
    meeting_id: int,
    actor,
    decision: str,
    owner_unit: Unit,
    deadline: date,
    topic: Topic | None = None,
    orders: list[WorkOrder] | None = None,
    now: datetime | None = None,
) -> Task:
    """A decision of a held meeting becomes a follow-up task for its owner unit."""
    now = now or timezone.now()
    decision = text_clean(decision, label="议定事项", limit=300)
    created: list[Task] = []
    orders = orders or []

    def change(meeting: Meeting) -> tuple[dict, dict]:
        if topic is not None and not meeting.topics.filter(pk=topic.pk).exists():
            raise ValidationFailed("该议题不在本次会议上。")
        if deadline < meeting.held_at.date():
            raise ValidationFailed("完成时限不能早于会议日期。")
        if actor is not None:
            seen = access.scope(actor, WorkOrder).filter(pk__in=[o.pk for o in orders]).count()
            if seen != len(orders):
                raise ValidationFailed("只能关联您有权查看的工单。")
        task = Task.objects.create(
            meeting=meeting,
            topic=topic,
            decision=decision,
            owner_unit=owner_unit,
            deadline=deadline,
            created_at=now,
        )
        task.orders.set(orders)
        created.append(task)
        return {}, {
            "task": task.pk,
            "decision": decision,
            "owner_unit": owner_unit,
            "deadline": deadline,
            "orders": sorted(o.pk for o in orders),
        }

    perform(
        model=Meeting,
        pk=meeting_id,
        machine=MEETING,
        action=MeetingAction.DECIDE,
        actor=actor,
        change=change,
        now=now,
    )
    return created[0]


def meeting_publish(
    *, meeting_id: int, actor, summary: str, expected_version: int | None = None, now: datetime | None = None
) -> Meeting:
    """The outcome goes on the programme's public page: the summary, topics and decisions with
    their status (no names)."""
    now = now or timezone.now()
    summary = text_clean(summary, label="公开说明", limit=3000)

    def change(meeting: Meeting) -> tuple[dict, dict]:
        meeting.public_summary, meeting.published_at = summary, now
        return {}, {"public_summary": summary}

    return perform(
        model=Meeting,
        pk=meeting_id,
        machine=MEETING,
        action=MeetingAction.PUBLISH,
        actor=actor,
        change=change,
        expected_version=expected_version,
        now=now,
    )


def meeting_cancel(*, meeting_id: int, actor, reason: str, now: datetime | None = None) -> Meeting:
    reason = text_clean(reason, label="取消原因", limit=300)
    return perform(
        model=Meeting,
        pk=meeting_id,
        machine=MEETING,
        action=MeetingAction.CANCEL,
        kind=EventKind.MEETING_CANCEL,
        actor=actor,
        change=lambda meeting: ({}, {}),
        note=reason,
        now=now,
    )
