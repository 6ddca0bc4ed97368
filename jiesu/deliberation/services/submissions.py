"""Topic submissions: online from the public page (no actor), from the mailbox under the tree or a
door-to-door visit (entered by staff). One event each, in the same transaction."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import ValidationFailed
from jiesu.core.events import event_record
from jiesu.core.masking import mask_name
from jiesu.deliberation.models import (
    DeliberationEvent,
    EventKind,
    Programme,
    SubmissionChannel,
    TopicSubmission,
)
from jiesu.deliberation.services._perform import text_clean
from jiesu.places.models import Building

CLOSED = "该议事项目已停止征集议题。"


def submission_create(
    *,
    programme_id: int,
    channel: str,
    content: str,
    actor=None,
    building: Building | None = None,
    place_text: str = "",
    submitter_name: str = "",
    submitter_phone: str = "",
    submitted_at: datetime | None = None,
    now: datetime | None = None,
) -> TopicSubmission:
    """Record a proposal. `actor` None is the public page (channel online only); staff enter the
    other channels and may give the day the note was written (not in the future)."""
    now = now or timezone.now()
    if channel not in SubmissionChannel.values:
        raise ValidationFailed("来源无效。")
    if actor is None and channel != SubmissionChannel.ONLINE:
        raise ValidationFailed("线下征集的议题须由工作人员登记。")
    content = text_clean(content, label="内容", limit=1000)
    if len(content) < 5:
        raise ValidationFailed("请把内容写得具体一些（至少5个字）。")
    submitted_at = submitted_at or now
    if submitted_at > now:
        raise ValidationFailed("提交时间不能晚于现在。")
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme_id)
        if actor is not None:
            access.ensure(actor, "enter", programme)
        if not programme.is_active:
            raise ValidationFailed(CLOSED)
        if (
            building is not None
            and programme.community_id
            and building.compound.community_id != programme.community_id
        ):
            raise ValidationFailed("所选楼栋不在本社区。")
        submission = TopicSubmission.objects.create(
            programme=programme,
            channel=channel,
            content=content,
            building=building,
            place_text=text_clean(place_text, label="位置", limit=100, required=False),
            submitter_name=text_clean(submitter_name, label="提议人", limit=30, required=False),
            submitter_phone=text_clean(submitter_phone, label="联系电话", limit=30, required=False),
            submitted_at=submitted_at,
            entered_by=actor,
        )
        event_record(
            DeliberationEvent,
            kind=EventKind.SUBMITTED,
            actor=actor,
            new={
                "submission": submission.pk,
                "channel": channel,
                "building": building,
                "submitter": mask_name(submission.submitter_name),
                "submitted_at": submitted_at,
            },
            at=now,
            programme=programme,
        )
    return submission
