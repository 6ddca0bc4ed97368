"""小哥说事: a rider's report becomes a work order (channel 小哥说事) through the public intake;
the centre confirms or rejects it (points count confirmed reports, see selectors)."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import NotPermitted, ValidationFailed
from jiesu.core.events import event_record
from jiesu.places.models import Compound
from jiesu.public.models import EverydayCategory
from jiesu.public.places import Place
from jiesu.public.services import Receipt, submission_create
from jiesu.riders.geo import distance_text, nearest_first, valid_point
from jiesu.riders.models import CardStatus, Rider, RiderEvent, RiderReport
from jiesu.riders.services.cards import rider_by_card
from jiesu.riders.states import REPORT, ReportAction
from jiesu.workorders.models import Channel

NEAR_COMPOUND_M = 300  # a map point this close to a compound's centre is placed in that compound


def _rider_for(*, card_code: str, phone: str) -> Rider | None:
    """The reporting rider: by the card page's code, else by the phone they registered with."""
    rider = rider_by_card(card_code) if card_code else None
    if rider is None and phone:
        rider = Rider.objects.filter(phone="".join(c for c in phone if c.isdigit())).first()
    return rider if rider is not None and rider.card_status == CardStatus.ACTIVE else None


def _compound_near(lat: float, lng: float) -> tuple[Compound | None, float | None]:
    compounds = Compound.objects.filter(lat__isnull=False, lng__isnull=False).select_related("community")
    ranked = nearest_first(compounds, lat=lat, lng=lng, where=lambda c: (c.lat, c.lng))
    if ranked and ranked[0][1] <= NEAR_COMPOUND_M:
        return ranked[0]
    return None, ranked[0][1] if ranked else None


def rider_report_create(
    *,
    everyday: EverydayCategory | None,
    content: str,
    phone: str,
    consent: bool,
    name: str = "",
    card_code: str = "",
    place: Place | None = None,
    compound: Compound | None = None,
    lat: float | None = None,
    lng: float | None = None,
    place_text: str = "",
    photos: Sequence = (),
) -> tuple[RiderReport, Receipt]:
    """Register the report as an order of channel 小哥说事, with its tracking code, in one go.

    The place is a compound the rider picked, a map point (placed in the compound within
    NEAR_COMPOUND_M, else kept as coordinates), free text, or the station whose poster was scanned.
    """
    place_text = (place_text or "").strip()[:120]
    has_point = lat is not None or lng is not None
    if has_point and not valid_point(lat, lng):
        raise ValidationFailed("定位坐标无效，请重新定位或改为文字描述位置。")
    if compound is None and not has_point and not place_text and place is None:
        raise ValidationFailed("请选择小区、在地图上定位，或用文字描述位置。")
    location = place_text
    if compound is None and has_point:
        compound, metres = _compound_near(lat, lng)
        point = f"坐标 {lat:.5f},{lng:.5f}"
        if compound is None and metres is not None:
            point += f"（距最近小区约{distance_text(metres)}）"
        location = " ".join(part for part in (place_text, point) if part)
    rider = _rider_for(card_code=card_code, phone=phone)
    with transaction.atomic():
        receipt = submission_create(
            channel=Channel.RIDER,
            content=content,
            phone=phone,
            consent=consent,
            everyday=everyday,
            name=name or (rider.nickname if rider else ""),
            place=place,
            compound=compound,
            location=location,
            photos=photos,
        )
        report = RiderReport.objects.create(
            order=receipt.submission.order,
            rider=rider,
            lat=lat if has_point else None,
            lng=lng if has_point else None,
            place_text=place_text or (place.label[:120] if place else ""),
            created_at=receipt.submission.created_at,
        )
    return report, receipt


def rider_report_judge(*, report_id: int, action: str, actor, note: str = "") -> RiderReport:
    """确认有效 / 判定无效 by the centre. Without a verdict, a report whose order was dispatched and
    resolved counts as confirmed (selectors.CONFIRMED)."""
    if action not in ReportAction.values:
        raise ValidationFailed("未知的操作。")
    if action == ReportAction.REJECT and not note.strip():
        raise ValidationFailed("判定无效须说明理由。")
    with transaction.atomic():
        report = RiderReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            raise ValidationFailed("记录不存在。")
        target = REPORT.target(action, report.verdict)
        if not access.can(actor, action, report):
            raise NotPermitted("只有派单员或中心管理员可以判定小哥说事。")
        old = report.verdict
        report.verdict, report.judged_by, report.judged_at = target, actor, timezone.now()
        report.save(update_fields=["verdict", "judged_by", "judged_at"])
        event_record(
            RiderEvent,
            kind=action,
            actor=actor,
            old={"verdict": old},
            new={"verdict": target},
            note=note,
            report=report,
        )
    return report
