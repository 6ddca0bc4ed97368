"""暖心卡: a rider registers on the public page; a station checks the card and records a benefit."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from jiesu.core.events import event_record
from jiesu.public.codes import code_hash, code_new, code_normalise
from jiesu.riders.models import (
    BenefitUse,
    CardStatus,
    Platform,
    RestStation,
    Rider,
    RiderEvent,
    RiderEventKind,
)
from jiesu.riders.states import CARD, CardAction

CODE_ATTEMPTS = 5
ALREADY_REGISTERED = "该手机号已办理暖心卡。如卡页面遗失，请到任一小憩驿站或街道接诉即办中心补办。"


@dataclass(frozen=True)
class Card:
    rider: Rider
    code: str  # in clear: on the rider's card page only


def _fresh_hash() -> tuple[str, str]:
    for _ in range(CODE_ATTEMPTS):
        code = code_new()
        digest = code_hash(code)
        if not Rider.objects.filter(card_hash=digest).exists():
            return code, digest
    raise ValidationFailed("系统繁忙，请稍后重试。")


def rider_register(
    *, platform: str, phone: str, nickname: str = "", consent: bool, at: datetime | None = None
) -> Card:
    """A rider gets a card from the public page (actor: the system). One card per phone."""
    if not consent:
        raise ValidationFailed("请阅读并同意隐私说明后再办理。")
    if platform not in Platform.values:
        raise ValidationFailed("请选择所属平台。")
    digits = "".join(char for char in phone or "" if char.isdigit())
    if len(digits) != 11:
        raise ValidationFailed("请填写11位手机号。")
    if Rider.objects.filter(phone=digits).exists():
        raise ValidationFailed(ALREADY_REGISTERED)
    now = at or timezone.now()
    code, digest = _fresh_hash()
    try:
        with transaction.atomic():
            rider = Rider.objects.create(
                nickname=nickname.strip()[:20],
                platform=platform,
                phone=digits,
                card_hash=digest,
                consent_at=now,
                registered_at=now,
            )
            event_record(
                RiderEvent,
                kind=RiderEventKind.REGISTERED,
                actor=None,
                new={"platform": platform, "card_status": rider.card_status},
                at=now,
                rider=rider,
            )
    except IntegrityError as race:  # the same phone twice at once
        raise ValidationFailed(ALREADY_REGISTERED) from race
    return Card(rider=rider, code=code)


def rider_by_card(code: str) -> Rider | None:
    normal = code_normalise(code)
    return Rider.objects.filter(card_hash=code_hash(normal)).first() if normal else None


def rider_card_replace(*, rider_id: int, actor, note: str = "") -> Card:
    """补换: a new card code for a rider who lost the card page; the old code stops working."""
    access.ensure(actor, "replace", Rider, "您无权补换暖心卡。")
    with transaction.atomic():
        rider = Rider.objects.select_for_update().get(pk=rider_id)
        target = CARD.target(CardAction.REPLACE, rider.card_status)
        code, digest = _fresh_hash()
        old = {"card_status": rider.card_status}
        rider.card_hash, rider.card_status = digest, target
        rider.save(update_fields=["card_hash", "card_status"])
        event_record(
            RiderEvent,
            kind=RiderEventKind.CARD_REPLACED,
            actor=actor,
            old=old,
            new={"card_status": target},
            note=note,
            rider=rider,
        )
    return Card(rider=rider, code=code)


def rider_card_revoke(*, rider_id: int, actor, note: str = "") -> Rider:
    access.ensure(actor, "revoke", Rider, "您无权停用暖心卡。")
    with transaction.atomic():
        rider = Rider.objects.select_for_update().get(pk=rider_id)
        target = CARD.target(CardAction.REVOKE, rider.card_status)
        old = rider.card_status
        rider.card_status = target
        rider.save(update_fields=["card_status"])
        event_record(
            RiderEvent,
            kind=RiderEventKind.CARD_REVOKED,
            actor=actor,
            old={"card_status": old},
            new={"card_status": target},
            note=note,
            rider=rider,
        )
    return rider


def benefit_record(
    *, station_id: int, card_code: str, benefit: str, actor, note: str = "", at: datetime | None = None
) -> BenefitUse:
    """The station's staff checked the card and gave a benefit: one use, once per benefit and day."""
    station = RestStation.objects.filter(pk=station_id).first()
    if station is None or not access.can(actor, "verify", station):
        raise NotPermitted("您不是该驿站的工作人员，不能核验暖心卡。")
    if station.status != "open":
        raise TransitionNotAllowed("该驿站已停用，不能登记权益使用。")
    benefit = (benefit or "").strip()
    if benefit not in station.benefit_list:
        raise ValidationFailed("请选择本驿站提供的权益。")
    now = at or timezone.now()
    with transaction.atomic():
        rider = rider_by_card(card_code)
        if rider is not None:
            rider = Rider.objects.select_for_update().get(pk=rider.pk)  # one use at a time per rider
        if rider is None or rider.card_status != CardStatus.ACTIVE:
            raise ValidationFailed("暖心卡无效或已停用，请核对卡号。")
        today = timezone.localtime(now).date()
        if BenefitUse.objects.filter(
            rider=rider, station=station, benefit=benefit, used_at__date=today
        ).exists():
            raise ValidationFailed(f"该骑手今天已在本驿站使用过“{benefit}”。")
        return BenefitUse.objects.create(
            rider=rider,
            station=station,
            benefit=benefit,
            used_at=now,
            recorded_by=actor,
            note=note.strip()[:200],
        )
