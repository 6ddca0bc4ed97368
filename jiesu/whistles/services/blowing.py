"""Blowing a whistle and changing it as a whole: summon more units, link orders, cancel."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import NotPermitted, ValidationFailed
from jiesu.core.events import event_record
from jiesu.core.photos import photo_attach
from jiesu.places.models import Building, Community, Compound
from jiesu.units.models import Unit
from jiesu.whistles.deadlines import check_in_hours_for, working_clock
from jiesu.whistles.links import link_kind_for
from jiesu.whistles.models import Summons, Whistle, WhistleEvent, WhistleEventKind
from jiesu.whistles.services._perform import links_add, whistle_perform
from jiesu.whistles.services.inputs import photos_checked, text_clean
from jiesu.whistles.states import SummonsStatus, WhistleAction, WhistleStatus
from jiesu.workorders.models import Urgency

# who can be summoned: the street's sections, departments, utilities, property projects, co-building units
SUMMONABLE_KINDS = (
    Unit.Kind.STREET_SECTION,
    Unit.Kind.DEPARTMENT,
    Unit.Kind.UTILITY,
    Unit.Kind.PROPERTY_PROJECT,
    Unit.Kind.COBUILDING,
)
MAX_UNITS = 10


def _units(units: Sequence[Unit], *, already: set[int] = frozenset()) -> list[Unit]:
    units = list({unit.pk: unit for unit in units}.values())
    if not units:
        raise ValidationFailed("请至少选择一个召集单位。")
    if len(units) + len(already) > MAX_UNITS:
        raise ValidationFailed(f"一次吹哨最多召集 {MAX_UNITS} 个单位。")
    for unit in units:
        if unit.kind not in SUMMONABLE_KINDS or not unit.is_active:
            raise ValidationFailed(
                f"「{unit.name}」不能被召集（只能召集街道科室、职能部门、公共服务企业、物业服务项目和共建单位）。"
            )
        if unit.pk in already:
            raise ValidationFailed(f"「{unit.name}」已在召集之列。")
    return units


def _links_checked(objects: Sequence, actor) -> list:
    for obj in objects:
        kind = link_kind_for(type(obj))
        if kind is None or not kind.scope(actor).filter(pk=obj.pk).exists():
            raise ValidationFailed("关联的工单不存在或不在您的权限范围内。")
    return list(objects)


def _place(community: Community, compound: Compound | None, building_number: str) -> Building | None:
    if compound is not None and compound.community_id != community.pk:
        raise ValidationFailed(f"小区「{compound.name}」不属于{community.name}。")
    building_number = (building_number or "").strip().removesuffix("号楼").removesuffix("号")
    if not building_number:
        return None
    if compound is None:
        raise ValidationFailed("填写楼号前请先选择小区。")
    building = Building.objects.filter(compound=compound, number=building_number).first()
    if building is None:
        raise ValidationFailed(f"{compound.name}没有 {building_number} 号楼。")
    return building


def summonses_create(*, whistle: Whistle, units: list[Unit], now: datetime) -> list[Summons]:
    due = working_clock().add(now, whistle.check_in_hours)
    return Summons.objects.bulk_create(
        Summons(whistle=whistle, unit=unit, summoned_at=now, check_in_due=due) for unit in units
    )


def whistle_blow(
    *,
    actor,
    community: Community,
    title: str,
    description: str,
    urgency: str,
    units: Sequence[Unit],
    compound: Compound | None = None,
    building_number: str = "",
    place_text: str = "",
    links: Sequence = (),
    photos: Sequence = (),
    now: datetime | None = None,
) -> Whistle:
    """A community (or the centre) summons units to a problem; each must check in in time."""
    now = now or timezone.now()
    access.ensure(actor, "blow", Whistle, "只有社区工作者或指挥中心可以吹哨。")
    if not access.is_centre(actor) and access.user_community_id(actor) != community.pk:
        raise NotPermitted("只能为本社区吹哨。")
    title = text_clean(title, label="事项", limit=100)
    description = text_clean(description, label="情况说明", limit=2000)
    place_text = text_clean(place_text, label="具体位置", limit=200, required=False)
    if urgency not in Urgency.values:
        raise ValidationFailed("请选择紧急程度。")
    units = _units(units)
    building = _place(community, compound, building_number)
    links = _links_checked(links, actor)
    photos = photos_checked(photos)
    with transaction.atomic():
        whistle = Whistle.objects.create(
            number=f"tmp-{uuid.uuid4().hex[:24]}",
            title=title,
            description=description,
            community=community,
            compound=compound,
            building=building,
            place_text=place_text,
            urgency=urgency,
            check_in_hours=check_in_hours_for(urgency=urgency),
            blown_by=actor,
            blown_by_unit=actor.unit,
            blown_at=now,
        )
        whistle.number = f"CS{timezone.localtime(now):%Y%m%d}{whistle.pk:04d}"
        whistle.save(update_fields=["number"])
        summonses = summonses_create(whistle=whistle, units=units, now=now)
        linked = links_add(whistle=whistle, objects=links, actor=actor, now=now)
        for photo in photos:
            photo_attach(subject=whistle, upload=photo, actor=actor, role="现场")
        event_record(
            WhistleEvent,
            kind=WhistleEventKind.BLOWN,
            actor=actor,
            new={
                "status": WhistleStatus.BLOWN,
                "units": [unit.pk for unit in units],
                "urgency": urgency,
                "check_in_due": summonses[0].check_in_due,
                "links": linked,
                "photos": len(photos),
            },
            at=now,
            whistle=whistle,
        )
    return whistle


def whistle_summon_more(
    *,
    whistle_id: int,
    actor,
    units: Sequence[Unit],
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Whistle:
    now = now or timezone.now()
    note = text_clean(note, label="说明", limit=500, required=False)

    def change(whistle: Whistle) -> tuple[dict, dict]:
        already = set(Summons.objects.filter(whistle=whistle).values_list("unit_id", flat=True))
        added = _units(units, already=already)
        created = summonses_create(whistle=whistle, units=added, now=now)
        return {}, {"units": [unit.pk for unit in added], "check_in_due": created[0].check_in_due}

    return whistle_perform(
        whistle_id=whistle_id,
        action=WhistleAction.SUMMON_MORE,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
        now=now,
    )


def whistle_link(
    *,
    whistle_id: int,
    actor,
    objects: Sequence,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Whistle:
    now = now or timezone.now()
    objects = _links_checked(objects, actor)
    if not objects:
        raise ValidationFailed("请填写要关联的工单编号。")

    def change(whistle: Whistle) -> tuple[dict, dict]:
        added = links_add(whistle=whistle, objects=objects, actor=actor, now=now)
        if not added:
            raise ValidationFailed("这些工单已经关联过了。")
        return {}, {"links": added}

    return whistle_perform(
        whistle_id=whistle_id,
        action=WhistleAction.LINK,
        actor=actor,
        change=change,
        note=text_clean(note, label="说明", limit=500, required=False),
        expected_version=expected_version,
        now=now,
    )


def whistle_cancel(
    *, whistle_id: int, actor, reason: str, expected_version: int | None = None, now: datetime | None = None
) -> Whistle:
    now = now or timezone.now()
    reason = text_clean(reason, label="撤销原因", limit=500)

    def change(whistle: Whistle) -> tuple[dict, dict]:
        open_ones = [
            summons
            for summons in Summons.objects.select_for_update().filter(whistle=whistle).order_by("pk")
            if summons.status not in (SummonsStatus.SOLVED, SummonsStatus.WITHDRAWN)
        ]
        for summons in open_ones:
            summons.status = SummonsStatus.WITHDRAWN
            summons.version += 1
        Summons.objects.bulk_update(open_ones, ["status", "version"])
        whistle.cancelled_at = now
        withdrawn = [summons.pk for summons in open_ones]
        return {}, {"withdrawn": withdrawn, "cancelled_at": now}

    return whistle_perform(
        whistle_id=whistle_id,
        action=WhistleAction.CANCEL,
        actor=actor,
        change=change,
        note=reason,
        expected_version=expected_version,
        now=now,
    )
