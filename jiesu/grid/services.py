"""Writes of the grid: groups, members and matters. Each locks the row it changes, asks the state
table and the policy, and writes one `GridEvent` in the same transaction.

Handling a matter at its tier:
- 小事 `settle`: settled in the group (note, time);
- 大事 `escalate_community`: a work order of channel 网格, dispatched to the community's own unit
  (its own queue), through `workorders.services` as the system, with the grid worker named;
- 难点 `escalate_street`: a work order of channel 网格 left for the centre's dispatchers (待派单).
"""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import ConcurrentChange, ValidationFailed
from jiesu.core.events import event_record
from jiesu.core.normalise import clean_line, clean_number, clean_text
from jiesu.grid.models import (
    ZONES_PER_COMMUNITY,
    GridEvent,
    GridEventKind,
    GridGroup,
    GridMatter,
    GridMember,
    GroupKind,
    MatterStatus,
    MemberRole,
    Tier,
)
from jiesu.grid.states import MATTER, TIER_HANDLING, MatterAction
from jiesu.places.models import Building, Community, Compound
from jiesu.units.models import Unit
from jiesu.workorders.models import Channel, Urgency, WorkOrder
from jiesu.workorders.services import workorder_create, workorder_dispatch


def _text(value, *, label: str, limit: int, required: bool = True, multiline: bool = False) -> str:
    value = clean_text(value) if multiline else clean_line(value)
    if required and not value:
        raise ValidationFailed(f"请填写{label}。")
    if len(value) > limit:
        raise ValidationFailed(f"{label}不能超过 {limit} 个字。")
    return value


# -- groups and members ---------------------------------------------------------------------------
def group_create(
    *, actor, community: Community, kind: str, name: str, buildings=(), now: datetime | None = None
) -> GridGroup:
    if kind not in GroupKind.values:
        raise ValidationFailed("请选择群组类型。")
    name = _text(name, label="群名称", limit=60)
    access.ensure(actor, "create", GridGroup(community=community), "只能为本社区建立网格群组。")
    now = now or timezone.now()
    with transaction.atomic():
        Community.objects.select_for_update().get(pk=community.pk)  # one group change per community at a time
        existing = GridGroup.objects.filter(community=community, kind=kind, is_active=True).count()
        if kind == GroupKind.ZONE and existing >= ZONES_PER_COMMUNITY:
            raise ValidationFailed(f"每个社区设 {ZONES_PER_COMMUNITY} 个责任区群，已满。")
        if kind != GroupKind.ZONE and GridGroup.objects.filter(community=community, kind=kind).exists():
            raise ValidationFailed(f"每个社区只设一个{GroupKind(kind).label}。")
        if GridGroup.objects.filter(community=community, name=name).exists():
            raise ValidationFailed("本社区已有同名群组。")
        group = GridGroup.objects.create(community=community, kind=kind, name=name, created_at=now)
        ids = _buildings_checked(group, buildings)
        group.buildings.set(ids)
        event_record(
            GridEvent,
            kind=GridEventKind.GROUP_CREATED,
            actor=actor,
            at=now,
            new={"name": name, "kind": kind, "buildings": sorted(ids)},
            group=group,
        )
    return group


def _buildings_checked(group: GridGroup, buildings) -> list[int]:
    ids = sorted({b.pk if isinstance(b, Building) else int(b) for b in buildings})
    if not ids:
        return []
    if group.kind != GroupKind.ZONE:
        raise ValidationFailed("只有责任区群分配楼栋。")
    found = Building.objects.filter(pk__in=ids, compound__community_id=group.community_id).count()
    if found != len(ids):
        raise ValidationFailed("所选楼栋不在本社区。")
    taken = (
        GridGroup.buildings.through.objects.filter(
            building_id__in=ids, gridgroup__community_id=group.community_id
        )
        .exclude(gridgroup_id=group.pk)
        .values_list("building_id", flat=True)
    )
    if taken:
        numbers = Building.objects.filter(pk__in=list(taken)).select_related("compound")
        raise ValidationFailed(
            "这些楼栋已分给其他责任区：" + "、".join(f"{b.compound.name}{b.number}号楼" for b in numbers)
        )
    return ids


def group_buildings_set(*, actor, group_id: int, buildings) -> GridGroup:
    with transaction.atomic():
        group = GridGroup.objects.select_for_update().get(pk=group_id)
        access.ensure(actor, "change", group)
        Community.objects.select_for_update().get(pk=group.community_id)
        old = sorted(group.buildings.values_list("pk", flat=True))
        new = _buildings_checked(group, buildings)
        if old == new:
            return group
        group.buildings.set(new)
        event_record(
            GridEvent,
            kind=GridEventKind.GROUP_CHANGED,
            actor=actor,
            old={"buildings": old},
            new={"buildings": new},
            group=group,
        )
    return group


def member_add(*, actor, group_id: int, name: str, role: str, phone: str = "", user=None) -> GridMember:
    name = _text(name, label="姓名", limit=30)
    if role not in MemberRole.values:
        raise ValidationFailed("请选择群内角色。")
    with transaction.atomic():
        group = GridGroup.objects.select_for_update().get(pk=group_id)
        access.ensure(actor, "change", group, "只能调整本社区的网格群组。")
        if user is not None and access.user_community_id(user) not in (None, group.community_id):
            raise ValidationFailed("该账号属于其他社区。")
        member = GridMember.objects.create(
            group=group, name=name, role=role, phone=clean_number(phone)[:20], user=user
        )
        event_record(
            GridEvent,
            kind=GridEventKind.MEMBER_ADDED,
            actor=actor,
            new={"member": member.pk, "role": role, "user": user.pk if user else None},
            group=group,
        )
    return member


def member_remove(*, actor, member_id: int, note: str = "") -> GridMember:
    with transaction.atomic():
        member = GridMember.objects.select_for_update().select_related("group").get(pk=member_id)
        access.ensure(actor, "change", member.group)
        if not member.is_active:
            raise ValidationFailed("该成员已不在群内。")
        member.is_active = False
        member.save(update_fields=["is_active"])
        event_record(
            GridEvent,
            kind=GridEventKind.MEMBER_REMOVED,
            actor=actor,
            old={"member": member.pk, "is_active": True},
            new={"member": member.pk, "is_active": False},
            note=_text(note, label="说明", limit=200, required=False),
            group=member.group,
        )
    return member


# -- matters --------------------------------------------------------------------------------------
def matter_record(
    *,
    actor,
    reporter_id: int,
    tier: str,
    title: str,
    description: str = "",
    compound: Compound | None = None,
    building: Building | None = None,
    reported_at: datetime | None = None,
    now: datetime | None = None,
) -> GridMatter:
    """A group member reports a matter in the group; a grid worker may record only their own
    groups' matters (they are a member), the community and the centre any member's."""
    now = now or timezone.now()
    if tier not in Tier.values:
        raise ValidationFailed("请选择层级（小事 / 大事 / 难点）。")
    title = _text(title, label="事项", limit=100)
    description = _text(description, label="情况", limit=2000, required=False, multiline=True)
    reported_at = reported_at or now
    if reported_at > now:
        raise ValidationFailed("发现时间不能晚于现在。")
    reporter = GridMember.objects.select_related("group").filter(pk=reporter_id, is_active=True).first()
    if reporter is None:
        raise ValidationFailed("请选择在群的报告人。")
    group = reporter.group
    access.ensure(actor, "record", GridMatter(community_id=group.community_id), "只能登记本社区网格的事项。")
    if (
        access.role_of(actor) == "grid_worker"
        and not group.members.filter(user=actor, is_active=True).exists()
    ):
        raise ValidationFailed("只能在您所在的网格群登记事项。")
    if building is not None and compound is None:
        compound = building.compound
    if compound is not None and compound.community_id != group.community_id:
        raise ValidationFailed("所选小区不在本社区。")
    if building is not None and building.compound_id != compound.pk:
        raise ValidationFailed("所选楼栋不属于所选小区。")
    with transaction.atomic():
        matter = GridMatter.objects.create(
            group=group,
            community_id=group.community_id,
            reporter=reporter,
            tier=tier,
            title=title,
            description=description,
            compound=compound,
            building=building,
            reported_at=reported_at,
            recorded_by=actor,
        )
        event_record(
            GridEvent,
            kind=GridEventKind.RECORDED,
            actor=actor,
            at=now,
            new={"status": matter.status, "tier": tier, "reporter": reporter.pk},
            matter=matter,
            group=group,
        )
    return matter


def _perform(
    *,
    matter_id: int,
    action: str,
    actor,
    change: Callable[[GridMatter], tuple[dict, dict]],
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> GridMatter:
    """Lock → version → state table → policy → change → one event."""
    with transaction.atomic():
        matter = GridMatter.objects.select_for_update().get(pk=matter_id)
        if expected_version is not None and matter.version != expected_version:
            raise ConcurrentChange("该事项已被他人处理，请刷新后重试。")
        old_status = matter.status
        new_status = MATTER.target(action, old_status)
        access.ensure(actor, action, matter)
        old, new = change(matter)
        if new_status != old_status:
            old, new = {"status": old_status, **old}, {"status": new_status, **new}
            matter.status = new_status
        matter.version += 1
        matter.save()
        event_record(
            GridEvent,
            kind=action,
            actor=actor,
            at=now,
            old=old,
            new=new,
            note=note,
            matter=matter,
            group_id=matter.group_id,
        )
    return matter


def _tier_takes(matter: GridMatter, action: str) -> None:
    if matter.status == MatterStatus.OPEN and TIER_HANDLING[matter.tier] != action:
        raise ValidationFailed(
            f"「{Tier(matter.tier).label}」应「{MatterAction(TIER_HANDLING[matter.tier]).label}」；如需改变处理方式，请先调整层级。"
        )


def matter_retier(
    *, actor, matter_id: int, tier: str, note: str, expected_version: int | None = None
) -> GridMatter:
    if tier not in Tier.values:
        raise ValidationFailed("请选择层级。")
    note = _text(note, label="调整原因", limit=200)

    def change(matter):
        if matter.tier == tier:
            raise ValidationFailed("层级没有变化。")
        old, matter.tier = matter.tier, tier
        return {"tier": old}, {"tier": tier}

    return _perform(
        matter_id=matter_id,
        action=MatterAction.RETIER,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
    )


def matter_settle(
    *, actor, matter_id: int, note: str, now: datetime | None = None, expected_version: int | None = None
) -> GridMatter:
    """小事: settled in the group."""
    now = now or timezone.now()
    note = _text(note, label="解决情况", limit=300)

    def change(matter):
        _tier_takes(matter, MatterAction.SETTLE)
        matter.settled_at, matter.settled_note = now, note
        return {}, {"settled_at": now}

    return _perform(
        matter_id=matter_id,
        action=MatterAction.SETTLE,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
        now=now,
    )


def _order_content(matter: GridMatter, actor, note: str) -> str:
    who = getattr(actor, "display_name", "") or actor.get_username()
    lines = [f"【网格{Tier(matter.tier).label}】{matter.title}", matter.description]
    lines.append(f"（{matter.group.name}·{matter.reporter.name}报告，{who}上报）")
    if note:
        lines.append(f"上报说明：{note}")
    return "\n".join(line for line in lines if line)


def matter_escalate(
    *, actor, matter_id: int, note: str = "", now: datetime | None = None, expected_version: int | None = None
) -> GridMatter:
    """大事 → a work order in the community's own queue; 难点 → a work order for the centre."""
    now = now or timezone.now()
    note = _text(note, label="上报说明", limit=300, required=False)
    matter = GridMatter.objects.select_related("group", "reporter", "community").get(pk=matter_id)
    action = MatterAction.ESCALATE_STREET if matter.tier == Tier.HARD else MatterAction.ESCALATE_COMMUNITY
    unit = None
    if action == MatterAction.ESCALATE_COMMUNITY:
        unit = Unit.objects.filter(community_id=matter.community_id, is_active=True).first()
        if unit is None:
            raise ValidationFailed("该社区没有对应的承办单位，不能上报社区。")

    def change(locked):
        _tier_takes(locked, action)
        order = workorder_create(
            actor=None,
            content=_order_content(matter, actor, note),
            title=f"网格{Tier(locked.tier).label}：{locked.title}"[:200],
            channel=Channel.GRID,
            received_at=now,
            compound=locked.compound,
            building=locked.building,
            address_text="" if locked.compound else matter.community.name,
            urgency=Urgency.URGENT if locked.tier == Tier.HARD else Urgency.NORMAL,
            note=f"网格事项 {locked.pk} 上报",
        )
        if order.community_id is None:  # the place text did not resolve: the matter's community it is
            order.community_id = locked.community_id
            order.save(update_fields=["community"])
        if unit is not None:
            order = workorder_dispatch(
                order_id=order.pk, actor=None, lead_unit=unit, note="网格大事，转社区办理"
            )
        locked.order, locked.escalated_at = order, now
        return {}, {"order": order.pk, "escalated_at": now, **({"lead_unit": unit.pk} if unit else {})}

    return _perform(
        matter_id=matter_id,
        action=action,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
        now=now,
    )


def matter_withdraw(*, actor, matter_id: int, note: str, expected_version: int | None = None) -> GridMatter:
    note = _text(note, label="撤销原因", limit=200)
    return _perform(
        matter_id=matter_id,
        action=MatterAction.WITHDRAW,
        actor=actor,
        change=lambda matter: ({}, {}),
        note=note,
        expected_version=expected_version,
    )


def matter_link_hotline(*, actor, matter_id: int, number: str, note: str = "") -> GridMatter:
    """The matter reached 12345 anyway (a resident called): link that order (counts against the
    share settled before becoming a 12345 order)."""
    access.ensure(actor, MatterAction.LINK_HOTLINE, GridMatter.objects.get(pk=matter_id))
    number = clean_line(number)
    order = WorkOrder.objects.filter(number=number, channel=Channel.HOTLINE).first()
    if order is None:
        raise ValidationFailed("没有找到该编号的12345工单。")

    def change(matter):
        if order.community_id not in (None, matter.community_id):
            raise ValidationFailed("该12345工单不属于本社区。")
        old, matter.hotline_order = matter.hotline_order_id, order
        return {"hotline_order": old}, {"hotline_order": order.pk}

    return _perform(
        matter_id=matter_id,
        action=MatterAction.LINK_HOTLINE,
        actor=actor,
        change=change,
        note=_text(note, label="说明", limit=200, required=False),
    )
