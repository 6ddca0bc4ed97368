"""Writes of the public pages: a submission becomes a work order; a resident answers the return visit.

The order is registered through `workorders.services.workorder_create(actor=None)` like every
other channel, so triage, deadlines, audit and the `order_registered` subscribers apply. The
order, its photos and the tracking record are written in one transaction: a bad photo or any
other refusal leaves nothing behind.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from jiesu.core.errors import TransitionNotAllowed, ValidationFailed
from jiesu.core.photos import photo_attach, photo_clean
from jiesu.places.models import Building, Compound
from jiesu.public.codes import code_hash, code_new
from jiesu.public.models import EverydayCategory, Submission
from jiesu.public.places import Place
from jiesu.workorders.models import Category, Channel, VisitChannel
from jiesu.workorders.services import workorder_create, workorder_return_visit
from jiesu.workorders.states import Status

PUBLIC_CHANNELS = {Channel.QR: "居民扫码提交", Channel.RIDER: "骑手小哥说事提交"}
CODE_ATTEMPTS = 5


@dataclass(frozen=True)
class Receipt:
    submission: Submission
    code: str  # the tracking code in clear: shown to the sender once, never stored


def _photos_clean(photos: Sequence) -> list[ContentFile]:
    """Every photo checked and cleaned before anything is written (a bad one refuses them all)."""
    cleaned = []
    for number, upload in enumerate(photos, 1):
        try:
            content, _, _ = photo_clean(upload)
        except ValidationFailed as error:
            prefix = f"第{number}张照片：" if len(photos) > 1 else ""
            raise ValidationFailed(prefix + error.message) from error
        cleaned.append(content)
    return cleaned


def _category_of(everyday: EverydayCategory | None) -> Category | None:
    if everyday is None or not everyday.category_path:
        return None
    return Category.objects.filter(path=everyday.category_path, is_active=True).first()


def submission_create(
    *,
    channel: str,
    content: str,
    phone: str,
    consent: bool,
    everyday: EverydayCategory | None = None,
    name: str = "",
    place: Place | None = None,
    compound: Compound | None = None,
    building: Building | None = None,
    location: str = "",
    photos: Sequence = (),
    received_at=None,
) -> Receipt:
    """Register what a resident or rider sent from a public page; return the one-time tracking code.

    `place` is where the poster hangs (None: the form was opened without one); `compound` and
    `building` what the sender picked; `location` free text ("2单元 201", "路口东侧").
    """
    if channel not in PUBLIC_CHANNELS:
        raise ValidationFailed("来源渠道无效。")
    if not consent:
        raise ValidationFailed("请阅读并同意隐私说明后再提交。")
    content = (content or "").strip()
    if len(content) < 5:
        raise ValidationFailed("请把情况写得具体一些（至少5个字）。")
    digits = "".join(char for char in phone or "" if char.isdigit())
    if len(digits) < 7:
        raise ValidationFailed("请填写正确的联系电话。")
    compound = compound or (place.compound if place else None)
    if building is not None and compound is not None and building.compound_id != compound.pk:
        raise ValidationFailed("所选楼栋不属于所选小区。")
    cleaned = _photos_clean(photos)
    where = " ".join(
        part
        for part in (
            compound.community.name + compound.name if compound else (place.address_text if place else ""),
            f"{building.number}号楼" if building else "",
            location.strip(),
        )
        if part
    )
    label = everyday.label if everyday else "其他"
    first_line = content.splitlines()[0]
    body = content if not location.strip() else f"{content}\n位置：{location.strip()}"
    with transaction.atomic():
        order = workorder_create(
            actor=None,
            channel=channel,
            content=body,
            received_at=received_at,
            appeal_type=everyday.appeal_type if everyday else "help",
            category=_category_of(everyday),
            title=f"{label}：{first_line}"[:40],
            address_text=where,
            compound=compound,
            building=building,
            citizen_name=name.strip()[:50],
            citizen_phone=digits,
            note=PUBLIC_CHANNELS[channel] + (f"（二维码：{place.label}）" if place else ""),
        )
        for content_file in cleaned:
            photo_attach(subject=order, upload=content_file, actor=None, role="现场")
        submission, code = _submission_record(
            order=order, phone_last4=digits[-4:], place=place, everyday=everyday, photo_count=len(cleaned)
        )
    return Receipt(submission=submission, code=code)


def _submission_record(*, order, phone_last4: str, place: Place | None, everyday, photo_count: int):
    for _ in range(CODE_ATTEMPTS):
        code = code_new()
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    order=order,
                    code_hash=code_hash(code),
                    phone_last4=phone_last4,
                    place_kind=place.kind if place else "",
                    place_id=place.pk if place else None,
                    place_label=place.label[:120] if place else "",
                    everyday=everyday,
                    photo_count=photo_count,
                    created_at=order.received_at,
                )
            return submission, code
        except IntegrityError:  # a code drawn twice (60 random bits): draw again
            continue
    raise ValidationFailed("系统繁忙，请稍后重试。")


def submission_rate(
    *, submission_id: int, contacted: bool, resolved: bool, satisfaction: str, comment: str = ""
) -> Submission:
    """The sender answers the return visit on the tracking page: recorded as the order's return
    visit by the system (channel 线上), in the same transaction as the submission's rating time."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("order").get(pk=submission_id)
        if submission.rated_at is not None:
            raise TransitionNotAllowed("您已评价过，感谢您的反馈。")
        if submission.order.status != Status.RESOLVED:
            raise TransitionNotAllowed("该诉求目前不能评价：办结后才能评价，已回访的诉求无需再评价。")
        note = "居民在进度查询页线上评价。" + (f"留言：{comment.strip()}" if comment.strip() else "")
        workorder_return_visit(
            order_id=submission.order_id,
            actor=None,
            contacted=contacted,
            resolved=resolved,
            satisfaction=satisfaction,
            note=note,
            channel=VisitChannel.ONLINE,
        )
        submission.rated_at = timezone.now()
        submission.save(update_fields=["rated_at"])
    return submission
