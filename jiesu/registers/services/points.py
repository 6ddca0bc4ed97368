"""Registers and their points: open a register, register a point (also from an order in one
click), and each step of the loop 表格登记 → 包户到人 → 即刻响应 → 上门维修 → 社区回访."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.accounts.models import Role, User
from jiesu.core.errors import NotPermitted, ValidationFailed
from jiesu.core.events import event_record
from jiesu.core.photos import photo_attach
from jiesu.places.models import Building, Compound
from jiesu.registers.models import Point, PointEvent, PointEventKind, Register, Source, Topic
from jiesu.registers.services._perform import point_perform, text_clean
from jiesu.registers.states import PointAction, PointStatus
from jiesu.whistles.models import Whistle, WhistleLink
from jiesu.whistles.services import whistle_link
from jiesu.whistles.services.inputs import photos_checked
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.selectors import workorder_scope

PHOTO_REPAIR, PHOTO_REVISIT = "维修", "回访"


def register_open(*, actor, compound: Compound, topic: Topic, now: datetime | None = None) -> Register:
    """A community (or the centre) opens the table of one topic for one of its compounds."""
    now = now or timezone.now()
    access.ensure(actor, "create", Register, "只有社区工作者或指挥中心可以建立点位台账。")
    if not access.is_centre(actor) and access.user_community_id(actor) != compound.community_id:
        raise NotPermitted("只能为本社区的小区建立台账。")
    if not topic.is_active:
        raise ValidationFailed(f"主题「{topic.name}」已停用。")
    try:
        with transaction.atomic():
            return Register.objects.create(
                community_id=compound.community_id,
                compound=compound,
                topic=topic,
                created_by=actor,
                created_at=now,
            )
    except IntegrityError as exists:
        raise ValidationFailed(f"{compound.name}的「{topic.name}」台账已经建立。") from exists


def building_find(compound: Compound, number: str) -> Building | None:
    number = (number or "").strip().removesuffix("号楼").removesuffix("号")
    if not number:
        return None
    building = Building.objects.filter(compound=compound, number=number).first()
    if building is None:
        raise ValidationFailed(f"{compound.name}没有 {number} 号楼。")
    return building


def _orders_checked(orders: Sequence[WorkOrder], actor, register: Register) -> list[WorkOrder]:
    orders = list({order.pk: order for order in orders}.values())
    if len(orders) > 20:
        raise ValidationFailed("一个点位一次最多关联 20 张工单。")
    visible = set(
        workorder_scope(user=actor).filter(pk__in=[o.pk for o in orders]).values_list("pk", flat=True)
    )
    for order in orders:
        if order.pk not in visible:
            raise ValidationFailed("关联的工单不存在或不在您的权限范围内。")
        if order.compound_id != register.compound_id:
            raise ValidationFailed(f"工单 {order.number} 不在{register.compound.name}。")
    return orders


def point_register(
    *,
    actor,
    register: Register,
    description: str,
    source: str,
    building_number: str = "",
    entrance: str = "",
    room: str = "",
    source_ref: str = "",
    orders: Sequence[WorkOrder] = (),
    now: datetime | None = None,
) -> Point:
    """表格登记: one point (a building, a unit entrance or a household) in the register."""
    now = now or timezone.now()
    access.ensure(actor, "register", register)
    description = text_clean(description, label="问题描述", limit=500)
    if source not in Source.values:
        raise ValidationFailed("请选择点位来源。")
    entrance = text_clean(entrance, label="单元", limit=10, required=False).removesuffix("单元")
    room = text_clean(room, label="门牌号", limit=20, required=False)
    source_ref = text_clean(source_ref, label="来源编号", limit=64, required=False)
    building = building_find(register.compound, building_number)
    if (entrance or room) and building is None:
        raise ValidationFailed("填写单元或门牌号前请先填写楼号。")
    orders = _orders_checked(orders, actor, register)
    with transaction.atomic():
        point = Point.objects.create(
            register=register,
            building=building,
            entrance=entrance,
            room=room,
            description=description,
            source=source,
            source_ref=source_ref,
            registered_by=actor,
            registered_at=now,
            due_on=timezone.localtime(now).date() + timedelta(days=register.topic.days_to_close),
        )
        if orders:
            point.orders.add(*orders)
        event_record(
            PointEvent,
            kind=PointEventKind.REGISTER,
            actor=actor,
            new={
                "status": PointStatus.REGISTERED,
                "place": point.place_name,
                "source": source,
                "source_ref": source_ref,
                "due_on": point.due_on,
                "orders": [o.number for o in orders],
            },
            at=now,
            point=point,
        )
    return point


def topic_for_order(order: WorkOrder) -> Topic | None:
    """The active topic whose categories cover the order's category (or a level above it)."""
    if order.category_id is None:
        return None
    for topic in Topic.objects.filter(is_active=True).prefetch_related("categories"):
        for category in topic.categories.all():
            if order.category.path == category.path or order.category.path.startswith(
                category.path + category.SEPARATOR
            ):
                return topic
    return None


def point_from_order(
    *, actor, order: WorkOrder, topic: Topic | None = None, now: datetime | None = None
) -> Point:
    """建为点位: the order's compound/building becomes a point of the topic's register (opened when
    missing), with the order linked — one click on the order's page."""
    now = now or timezone.now()
    if not workorder_scope(user=actor).filter(pk=order.pk).exists():
        raise NotPermitted("工单不存在或不在您的权限范围内。")
    if order.compound_id is None:
        raise ValidationFailed("该工单没有定位到小区，不能建为点位。")
    topic = topic or topic_for_order(order)
    if topic is None:
        raise ValidationFailed("该工单的分类没有对应的台账主题，请先在主题中配置分类。")
    with transaction.atomic():
        register = Register.objects.filter(compound_id=order.compound_id, topic=topic).first()
        if register is None:
            register = register_open(actor=actor, compound=order.compound, topic=topic, now=now)
        if Point.objects.filter(register=register, orders=order).exists():
            raise ValidationFailed(f"工单 {order.number} 已建为点位。")
        return point_register(
            actor=actor,
            register=register,
            description=(order.title or order.content)[:500],
            source=Source.ORDER,
            building_number=order.building.number if order.building_id else "",
            source_ref=order.number,
            orders=[order],
            now=now,
        )


def _cadre_checked(cadre: User, point: Point) -> None:
    community = point.register.community_id
    if (
        not cadre.is_active
        or cadre.role not in (Role.COMMUNITY, Role.GRID_WORKER)
        or cadre.unit_id is None
        or cadre.unit.community_id != community
    ):
        raise ValidationFailed("包户干部须是本社区在岗的社区工作者或网格员。")


def point_assign(
    *, point_id: int, actor, cadre: User, expected_version: int | None = None, now: datetime | None = None
) -> Point:
    """包户到人: one cadre of the community answers for the point (again: another cadre takes over)."""
    now = now or timezone.now()

    def action(point: Point) -> str:
        return PointAction.ASSIGN if point.status == PointStatus.REGISTERED else PointAction.REASSIGN

    def change(point: Point) -> tuple[dict, dict]:
        _cadre_checked(cadre, point)
        if point.cadre_id == cadre.pk:
            raise ValidationFailed(f"该点位已由{cadre}包户。")
        old = {"cadre": point.cadre_id} if point.cadre_id else {}
        point.cadre = cadre
        if point.status == PointStatus.REGISTERED:
            point.assigned_at = now
        return old, {"cadre": cadre.pk, "cadre_name": str(cadre)}

    return point_perform(
        point_id=point_id,
        action=action,
        actor=actor,
        change=change,
        expected_version=expected_version,
        now=now,
    )


def point_respond(
    *, point_id: int, actor, note: str = "", expected_version: int | None = None, now: datetime | None = None
) -> Point:
    """即刻响应: the cadre (or the property) contacts the household and looks at the point."""
    now = now or timezone.now()
    note = text_clean(note, label="响应情况", limit=500, required=False)

    def change(point: Point) -> tuple[dict, dict]:
        point.responded_at = now
        return {}, {"responded_at": now}

    return point_perform(
        point_id=point_id,
        action=PointAction.RESPOND,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
        now=now,
    )


def _photos_attach(point: Point, photos: list, *, role: str, actor) -> dict:
    for upload in photos:
        photo_attach(subject=point, upload=upload, actor=actor, role=role)
    return {"photos": len(photos), "photo_role": role} if photos else {}


def point_repair(
    *,
    point_id: int,
    actor,
    note: str,
    photos: Sequence = (),
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Point:
    """上门维修: what was mended (and by whom, from which fund), with photos of the repair (type,
    size and content checked before anything is written; EXIF stripped)."""
    now = now or timezone.now()
    note = text_clean(note, label="维修情况", limit=500)
    photos = photos_checked(photos)

    def change(point: Point) -> tuple[dict, dict]:
        old = {"repair_note": point.repair_note} if point.repair_note else {}
        point.repaired_at, point.repair_note = now, note
        attached = _photos_attach(point, photos, role=PHOTO_REPAIR, actor=actor)
        return old, {"repaired_at": now, "repair_note": note, **attached}

    return point_perform(
        point_id=point_id,
        action=PointAction.REPAIR,
        actor=actor,
        change=change,
        expected_version=expected_version,
        now=now,
    )


def point_revisit(
    *,
    point_id: int,
    actor,
    solved: bool,
    note: str = "",
    photos: Sequence = (),
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Point:
    """社区回访: solved closes the loop; not solved sends the point back to be mended again. Photos
    of what the revisit found are checked and cleaned like the repair's."""
    now = now or timezone.now()
    if solved not in (True, False):
        raise ValidationFailed("请选择回访结果。")
    note = text_clean(note, label="回访情况", limit=500, required=not solved)
    photos = photos_checked(photos)

    def change(point: Point) -> tuple[dict, dict]:
        old = {"repaired_at": point.repaired_at}
        point.revisit_note = note
        attached = _photos_attach(point, photos, role=PHOTO_REVISIT, actor=actor)
        if solved:
            point.revisited_at = now
            return {}, {"revisited_at": now, "revisit_note": note, **attached}
        point.repaired_at = None
        return old, {"repaired_at": None, "revisit_note": note, **attached}

    return point_perform(
        point_id=point_id,
        action=PointAction.REVISIT if solved else PointAction.REOPEN,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
        now=now,
    )


def point_cancel(
    *, point_id: int, actor, reason: str, expected_version: int | None = None, now: datetime | None = None
) -> Point:
    now = now or timezone.now()
    reason = text_clean(reason, label="撤销理由", limit=500)

    def change(point: Point) -> tuple[dict, dict]:
        point.cancelled_at = now
        return {}, {"cancelled_at": now}

    return point_perform(
        point_id=point_id,
        action=PointAction.CANCEL,
        actor=actor,
        change=change,
        note=reason,
        expected_version=expected_version,
        now=now,
    )


def point_link_orders(
    *, point_id: int, actor, orders: Sequence[WorkOrder], now: datetime | None = None
) -> Point:
    now = now or timezone.now()
    if not orders:
        raise ValidationFailed("请填写要关联的工单号。")

    def change(point: Point) -> tuple[dict, dict]:
        checked = _orders_checked(orders, actor, point.register)
        known = set(point.orders.values_list("pk", flat=True))
        fresh = [order for order in checked if order.pk not in known]
        if not fresh:
            raise ValidationFailed("这些工单已关联到该点位。")
        point.orders.add(*fresh)
        return {}, {"orders": [order.number for order in fresh]}

    return point_perform(
        point_id=point_id, action=PointAction.LINK_ORDER, actor=actor, change=change, now=now
    )


def point_link_whistle(*, point_id: int, actor, whistle_number: str, now: datetime | None = None) -> Whistle:
    """Link a whistle of the point's community to the point (the link is the whistle's: one audited
    whistle event 关联). Both must be in the actor's scope, and the actor on the whistle's community
    side (its community worker or the centre) — the whistles' policy decides."""
    number = (whistle_number or "").strip()
    if not number:
        raise ValidationFailed("请填写吹哨编号。")
    point = access.scope(actor, Point).select_related("register").filter(pk=point_id).first()
    if point is None:
        raise NotPermitted("点位不存在或不在您的权限范围内。")
    whistle = access.scope(actor, Whistle).filter(number=number).first()
    if whistle is None:
        raise ValidationFailed(f"找不到吹哨「{number[:30]}」，或不在您的权限范围内。")
    if whistle.community_id != point.register.community_id:
        raise ValidationFailed("只能关联本社区的吹哨。")
    linked = WhistleLink.objects.filter(
        whistle=whistle,
        content_type__app_label=Point._meta.app_label,
        content_type__model=Point._meta.model_name,
        object_id=point.pk,
    )
    if linked.exists():
        raise ValidationFailed(f"该点位已关联吹哨 {whistle.number}。")
    return whistle_link(whistle_id=whistle.pk, actor=actor, objects=[point], note="从点位台账关联", now=now)
