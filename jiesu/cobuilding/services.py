"""Every write to joint activities: one transaction, one audited event per step."""

from collections.abc import Callable, Sequence
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.cobuilding.models import ActivityEvent, ActivityEventKind, ActivityType, JointActivity
from jiesu.cobuilding.permissions import cobuilding_units_of
from jiesu.cobuilding.states import ACTIVITY, ActivityAction
from jiesu.core.errors import ConcurrentChange, NotPermitted, ValidationFailed
from jiesu.core.events import event_record
from jiesu.core.photos import photo_attach
from jiesu.places.models import Community
from jiesu.units.models import Unit
from jiesu.whistles.services.inputs import photos_checked, text_clean

CHANGED = "该活动已被他人修改，请刷新后重试。"
MAX_PARTICIPANTS = 100_000


def _units(units: Sequence[Unit]) -> list[Unit]:
    units = list({unit.pk: unit for unit in units}.values())
    if not units:
        raise ValidationFailed("请至少选择一个共建单位。")
    for unit in units:
        if unit.kind != Unit.Kind.COBUILDING:
            raise ValidationFailed(f"「{unit.name}」不是共建单位。")
    return units


def _participants(value) -> int:
    if value is None or not isinstance(value, int) or not 0 < value <= MAX_PARTICIPANTS:
        raise ValidationFailed("请填写参与人数（1 至 100000 人）。")
    return value


def activity_create(
    *,
    actor,
    title: str,
    type: ActivityType,
    date: date,
    place: str,
    community: Community,
    units: Sequence[Unit],
    description: str,
    now: datetime | None = None,
) -> JointActivity:
    """A joint activity is planned (a past one is then recorded as held with `activity_hold`)."""
    now = now or timezone.now()
    access.ensure(actor, "create", JointActivity, "您无权登记联建活动。")
    title = text_clean(title, label="活动名称", limit=100)
    place = text_clean(place, label="活动地点", limit=200)
    description = text_clean(description, label="活动内容", limit=2000)
    units = _units(units)
    if not type.is_active:
        raise ValidationFailed("该活动类型已停用。")
    own_community = access.user_community_id(actor)
    if not access.is_centre(actor):
        if own_community is not None and own_community != community.pk:
            raise NotPermitted("只能登记本社区的联建活动。")
        mine = cobuilding_units_of(actor)
        if own_community is None and not mine & {unit.pk for unit in units}:
            raise NotPermitted("联建活动须有本单位参加。")
    with transaction.atomic():
        activity = JointActivity.objects.create(
            title=title,
            type=type,
            date=date,
            place=place,
            community=community,
            description=description,
            created_by=actor,
            created_at=now,
        )
        activity.units.set(units)
        event_record(
            ActivityEvent,
            kind=ActivityEventKind.CREATED,
            actor=actor,
            at=now,
            activity=activity,
            new={
                "status": activity.status,
                "date": date,
                "units": [unit.pk for unit in units],
                "type": type.pk,
            },
        )
    return activity


def _perform(
    *,
    activity_id: int,
    action: str,
    actor,
    change: Callable[[JointActivity], tuple[dict, dict]],
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> JointActivity:
    now = now or timezone.now()
    with transaction.atomic():
        activity = JointActivity.objects.select_for_update().get(pk=activity_id)
        if expected_version is not None and activity.version != expected_version:
            raise ConcurrentChange(CHANGED)
        old_status = activity.status
        new_status = ACTIVITY.target(action, old_status)
        access.ensure(actor, action, activity)
        old, new = change(activity)
        if new_status != old_status:
            old, new = {"status": old_status, **old}, {"status": new_status, **new}
            activity.status = new_status
        activity.version += 1
        activity.save()
        event_record(
            ActivityEvent, kind=action, actor=actor, old=old, new=new, note=note, at=now, activity=activity
        )
    return activity


def activity_hold(
    *,
    activity_id: int,
    actor,
    participants: int,
    summary: str,
    photos: Sequence = (),
    expected_version: int | None = None,
    now: datetime | None = None,
) -> JointActivity:
    """The activity took place: how many took part, what was done, photos."""
    now = now or timezone.now()
    participants = _participants(participants)
    summary = text_clean(summary, label="开展情况", limit=2000)
    photos = photos_checked(photos)

    def change(activity: JointActivity) -> tuple[dict, dict]:
        if activity.date > timezone.localdate(now):
            raise ValidationFailed("活动日期还没到，不能登记开展情况。")
        activity.participants, activity.summary, activity.held_at = participants, summary, now
        for photo in photos:
            photo_attach(subject=activity, upload=photo, actor=actor, role="活动")
        return {}, {"participants": participants, "summary": summary, "photos": len(photos)}

    return _perform(
        activity_id=activity_id,
        action=ActivityAction.HOLD,
        actor=actor,
        change=change,
        expected_version=expected_version,
        now=now,
    )


def activity_cancel(
    *, activity_id: int, actor, reason: str, expected_version: int | None = None, now: datetime | None = None
) -> JointActivity:
    reason = text_clean(reason, label="取消原因", limit=500)
    return _perform(
        activity_id=activity_id,
        action=ActivityAction.CANCEL,
        actor=actor,
        change=lambda activity: ({}, {}),
        note=reason,
        expected_version=expected_version,
        now=now,
    )


def activity_add_photos(
    *,
    activity_id: int,
    actor,
    photos: Sequence,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> JointActivity:
    photos = photos_checked(photos)
    if not photos:
        raise ValidationFailed("请选择要上传的照片。")

    def change(activity: JointActivity) -> tuple[dict, dict]:
        for photo in photos:
            photo_attach(subject=activity, upload=photo, actor=actor, role="活动")
        return {}, {"photos": len(photos)}

    return _perform(
        activity_id=activity_id,
        action=ActivityAction.ADD_PHOTOS,
        actor=actor,
        change=change,
        expected_version=expected_version,
        now=now,
    )
