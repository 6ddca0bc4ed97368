"""The grid's part of the demo street: 4+1+N groups at 星苑社区 (阳光星苑's community) and at
北湖社区 (where the demo's grid-channel orders come from), with matters at every tier.

- 北湖社区: every demo order of channel 网格 is the escalation of a grid matter (大事 when the
  community's own unit leads it, else 难点), reported shortly before the order; plus the small
  matters settled in the groups. No order is made twice.
- 星苑社区: small matters settled in the groups over the months shown; the last hours' 大事 and
  难点 are escalated through the real services (so their orders and events are written exactly
  as a grid worker's would be) when the demo's now is today; for an older `--until` they are left
  待处理. A few small matters are left open for the workbench.
Deterministic for a seed; bulk inserts for history (with the events each matter would have).
"""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from jiesu.accounts.models import Role, User
from jiesu.core.events import jsonable
from jiesu.core.extensions import DemoContext
from jiesu.demo.street import GRID_COMMUNITY, LEAK_COMPOUND, STAFF_GIVEN, STAFF_SURNAMES
from jiesu.grid import services
from jiesu.grid.models import (
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
from jiesu.places.models import Building, Community, Compound
from jiesu.units.models import Unit
from jiesu.workorders.models import Channel, WorkOrder

ZONES = ("一", "二", "三", "四")
MINOR = (
    ("楼道堆放杂物", "已联系住户当天清理。"),
    ("单元门禁损坏", "物业维修师傅已修好。"),
    ("电动车楼道充电", "已劝导住户到充电棚充电。"),
    ("垃圾桶满溢", "已通知保洁加收一次。"),
    ("路灯不亮", "物业已更换灯泡。"),
    ("宠物粪便未清理", "已提醒养犬户，张贴文明养犬提示。"),
    ("邻里噪音纠纷", "楼门长上门调解，双方已谅解。"),
    ("绿地被占用种菜", "已劝导住户自行清理。"),
    ("消防通道停车", "已联系车主挪车。"),
    ("井盖松动", "物业已加固。"),
)
MAJOR = (
    ("楼顶防水层破损漏雨", "涉及多户，需社区协调维修资金。"),
    ("小区化粪池外溢", "需社区协调排水单位清掏。"),
    ("外墙保温层脱落", "存在坠落风险，需社区协调物业和维修资金。"),
)
HARD = (
    ("小区周边占道经营", "多次劝导无效，需街道城管执法。"),
    ("相邻工地夜间施工扰民", "需街道协调住建部门。"),
)
RECENT_DAYS = 10


def _name(rng: random.Random) -> str:
    return rng.choice(STAFF_SURNAMES) + rng.choice(STAFF_GIVEN)


def _groups(
    community: Community, rng: random.Random, at: datetime, grid_user: User | None
) -> list[GridGroup]:
    groups = [
        GridGroup(
            community=community, kind=GroupKind.ZONE, name=f"{community.name}第{z}责任区群", created_at=at
        )
        for z in ZONES
    ]
    groups.append(
        GridGroup(
            community=community, kind=GroupKind.SAFETY, name=f"{community.name}安全志愿者群", created_at=at
        )
    )
    groups.append(
        GridGroup(
            community=community, kind=GroupKind.VOLUNTEERS, name=f"{community.name}网格志愿者", created_at=at
        )
    )
    groups = GridGroup.objects.bulk_create(groups)
    zones = groups[:4]
    buildings = list(Building.objects.filter(compound__community=community).order_by("compound_id", "id"))
    through = GridGroup.buildings.through
    through.objects.bulk_create(
        through(gridgroup_id=zones[i * len(zones) // max(1, len(buildings))].pk, building_id=b.pk)
        for i, b in enumerate(buildings)
    )
    members = []
    for group in groups:
        if group.kind == GroupKind.ZONE:
            roles = (
                [MemberRole.LEADER, MemberRole.WORKER]
                + [MemberRole.BUILDING_HEAD] * 4
                + [MemberRole.PROPERTY]
            )
            roles += [MemberRole.RESIDENT] * rng.randint(3, 6)
        elif group.kind == GroupKind.SAFETY:
            roles = [MemberRole.LEADER] + [MemberRole.SAFETY] * rng.randint(6, 10)
        else:
            roles = [MemberRole.VOLUNTEER] * rng.randint(8, 15)
        for role in roles:
            user = grid_user if role == MemberRole.WORKER and grid_user is not None else None
            name = (grid_user.display_name or grid_user.username) if user else _name(rng)
            members.append(GridMember(group=group, name=name, role=role, user=user))
    GridMember.objects.bulk_create(members)
    events = [
        GridEvent(
            kind=GridEventKind.GROUP_CREATED, at=at, new=jsonable({"name": g.name, "kind": g.kind}), group=g
        )
        for g in groups
    ]
    GridEvent.objects.bulk_create(events)
    return groups


def _reporter(rng, group: GridGroup) -> GridMember:
    return rng.choice(list(group.members.all()))


def _minor_history(
    rng, groups, recorder: User, start: datetime, end: datetime, per_month: int
) -> list[GridMatter]:
    matters = []
    zones = [g for g in groups if g.kind != GroupKind.VOLUNTEERS]
    members = {g.pk: list(g.members.all()) for g in zones}
    compounds = {g.pk: list(Compound.objects.filter(buildings__grid_groups=g).distinct()) for g in zones}
    days = max(1, (end - start).days)
    for _ in range(max(1, per_month * days // 30)):
        group = rng.choice(zones)
        reported = start + timedelta(minutes=rng.randint(0, days * 24 * 60))
        reported = reported.replace(hour=rng.randint(8, 19))
        if reported >= end:
            continue
        title, note = rng.choice(MINOR)
        compound = rng.choice(compounds[group.pk]) if compounds[group.pk] else None
        matter = GridMatter(
            group=group,
            community_id=group.community_id,
            reporter=rng.choice(members[group.pk]),
            tier=Tier.MINOR,
            status=MatterStatus.SETTLED,
            title=title,
            compound=compound,
            reported_at=reported,
            recorded_by=recorder,
            settled_at=min(end, reported + timedelta(hours=rng.randint(1, 30))),
            settled_note=note,
            version=1,
        )
        matters.append(matter)
    return matters


def _events_for(matters: list[GridMatter], recorder: User) -> list[GridEvent]:
    events = []
    for m in matters:
        events.append(
            GridEvent(
                kind=GridEventKind.RECORDED,
                actor=recorder,
                actor_unit_id=recorder.unit_id,
                at=m.reported_at,
                new=jsonable({"status": "open", "tier": m.tier, "reporter": m.reporter_id}),
                matter=m,
                group_id=m.group_id,
            )
        )
        if m.status == MatterStatus.SETTLED:
            events.append(
                GridEvent(
                    kind=GridEventKind.SETTLE,
                    actor=recorder,
                    actor_unit_id=recorder.unit_id,
                    at=m.settled_at,
                    old={"status": "open"},
                    new=jsonable({"status": "settled", "settled_at": m.settled_at}),
                    note=m.settled_note,
                    matter=m,
                    group_id=m.group_id,
                )
            )
        elif m.order_id:
            kind = (
                GridEventKind.ESCALATE_COMMUNITY
                if m.status == MatterStatus.TO_COMMUNITY
                else GridEventKind.ESCALATE_STREET
            )
            events.append(
                GridEvent(
                    kind=kind,
                    actor=recorder,
                    actor_unit_id=recorder.unit_id,
                    at=m.escalated_at,
                    old={"status": "open"},
                    new=jsonable({"status": m.status, "order": m.order_id, "escalated_at": m.escalated_at}),
                    matter=m,
                    group_id=m.group_id,
                )
            )
    return events


def _recorder(community: Community, fallback: User | None) -> User | None:
    unit = Unit.objects.filter(community=community).first()
    user = (
        User.objects.filter(role=Role.GRID_WORKER, unit=unit).first()
        or User.objects.filter(role=Role.COMMUNITY, unit=unit).first()
    )
    return user or fallback


def grid_demo_seed(context: DemoContext) -> str:
    rng = random.Random(context.seed * 104729 + 61)
    now = context.now
    start = datetime.combine(
        max(context.start, (now - timedelta(days=365)).date()), datetime.min.time(), now.tzinfo
    )
    fallback = User.objects.filter(role=Role.DISPATCHER).order_by("id").first()
    leak = Compound.objects.filter(name=LEAK_COMPOUND).select_related("community").first()
    beihu = Community.objects.filter(name=GRID_COMMUNITY).first()
    if leak is None or fallback is None:
        return "网格治理：演示街道中没有阳光星苑，未生成网格群组。"
    summary = []
    # 北湖社区: the demo's grid-channel orders are the escalations of its grid matters
    if beihu is not None:
        recorder = _recorder(beihu, fallback)
        groups = _groups(beihu, rng, start - timedelta(days=1), None)
        zones = [g for g in groups if g.kind == GroupKind.ZONE]
        matters = _minor_history(rng, groups, recorder, start, now, per_month=12)
        unit = Unit.objects.filter(community=beihu).first()
        orders = WorkOrder.objects.filter(
            channel=Channel.GRID, community=beihu, received_at__gte=start, received_at__lte=now
        ).order_by("received_at", "id")
        for order in orders:
            group = rng.choice(zones)
            major = order.lead_unit_id is not None and unit is not None and order.lead_unit_id == unit.pk
            matters.append(
                GridMatter(
                    group=group,
                    community=beihu,
                    reporter=_reporter(rng, group),
                    tier=Tier.MAJOR if major else Tier.HARD,
                    status=MatterStatus.TO_COMMUNITY if major else MatterStatus.TO_STREET,
                    title=order.title[:100],
                    description=order.content[:2000],
                    compound_id=order.compound_id,
                    building_id=order.building_id,
                    reported_at=order.received_at - timedelta(minutes=rng.randint(20, 180)),
                    recorded_by=recorder,
                    escalated_at=order.received_at,
                    order=order,
                    version=1,
                )
            )
        matters = GridMatter.objects.bulk_create(matters)
        GridEvent.objects.bulk_create(_events_for(matters, recorder), batch_size=2000)
        summary.append(f"{beihu.name} {len(matters)} 件（含网格工单 {orders.count()} 件）")
    # 星苑社区 (阳光星苑): the `grid` login is the worker of its four zones
    xingyuan = leak.community
    grid_user = User.objects.filter(username="grid", role=Role.GRID_WORKER).first()
    recorder = grid_user or _recorder(xingyuan, fallback)
    groups = _groups(xingyuan, rng, start - timedelta(days=1), grid_user)
    recent = now - timedelta(days=RECENT_DAYS)
    matters = _minor_history(rng, groups, recorder, start, recent, per_month=10)
    matters = GridMatter.objects.bulk_create(matters)
    GridEvent.objects.bulk_create(_events_for(matters, recorder), batch_size=2000)
    leak_zone = GridGroup.objects.filter(buildings__compound=leak, kind=GroupKind.ZONE).first() or groups[0]
    played = {"minor": 0, "major": 0, "hard": 0, "escalated": 0}
    reporter = leak_zone.members.filter(user=grid_user).first() if grid_user else None
    reporter = reporter or leak_zone.members.first()
    plan = [(Tier.MINOR, MINOR[i], i) for i in range(3)] + [
        (Tier.MAJOR, m, 3 + i) for i, m in enumerate(MAJOR)
    ]
    plan += [(Tier.HARD, h, 6 + i) for i, h in enumerate(HARD)]
    for tier, (title, note), step in plan:
        if tier == Tier.MINOR:  # small ones of the last days, left open for the workbench
            at = recent + timedelta(days=3 + 2 * step, hours=rng.randint(1, 8))
        else:  # big and hard ones of the last hours, escalated half an hour later
            at = now - timedelta(hours=2 * (8 - step), minutes=rng.randint(0, 50))
        building = (
            leak.buildings.order_by("id")[step % max(1, leak.buildings.count())]
            if leak.buildings.exists()
            else None
        )
        matter = services.matter_record(
            actor=recorder,
            reporter_id=reporter.pk,
            tier=tier,
            title=f"{LEAK_COMPOUND}{title}",
            description=note,
            compound=leak,
            building=building,
            reported_at=at,
            now=at,
        )
        played[tier] += 1
        escalate_at = at + timedelta(minutes=30)
        # through the real services, whose order events carry the wall clock: only when that clock
        # is at most a day after the escalation (the demo's now is today), never before it
        if tier != Tier.MINOR and escalate_at <= timezone.now() <= escalate_at + timedelta(days=1):
            services.matter_escalate(actor=recorder, matter_id=matter.pk, note=note, now=escalate_at)
            played["escalated"] += 1
    total = GridMatter.objects.filter(community=xingyuan).count()
    summary.append(
        f"{xingyuan.name}（阳光星苑）{total} 件，近期小事 {played['minor']}、大事 {played['major']}、难点 {played['hard']}"
        f"（已上报 {played['escalated']}）"
    )
    return "网格治理：4+1+N 群组 " + GridGroup.objects.count().__str__() + " 个；事项 " + "；".join(summary)
