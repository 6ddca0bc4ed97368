"""The demo street's registers and campaigns, played through the real services as the demo users
at the time each step happened.

The seed story: 阳光星苑 (星苑社区) keeps a 漏雨 register. Buildings 5, 13 and 16 — the source is
the April 2024 whistle the whistles seeder plays (answered by the city-renewal group's Nanyuan
branch; its number is the points' 来源编号 when found) — are assigned to a cadre, answered the same
day, repaired from the emergency public repair fund by 31 May and revisited before the rains. Two
more buildings come from door-to-door visits. The 2024 汛期防漏雨 campaign (June–September) covers
星苑社区's compounds with gutter-clearing and roof checks done in May; the demo's orders have no
leak order at 阳光星苑 in that window (`jiesu.demo.calls`: the loop worked from October 2023), so
its board shows the 2023 window's leak orders falling to zero.

For the workbench, 御槐园社区 (the `community` login) keeps a 下水堵塞 register with open points
(one overdue, one waiting for a cadre), and a campaign around the demo's now has open tasks.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from jiesu.accounts.models import Role, User
from jiesu.core.extensions import DemoContext
from jiesu.demo.street import FOCUS_COMMUNITY, LEAK_BUILDINGS, LEAK_COMPOUND
from jiesu.places.models import Compound
from jiesu.registers import services
from jiesu.registers.models import Campaign, Point, Register, Source, Topic
from jiesu.whistles.models import Whistle
from jiesu.whistles.services import whistle_link
from jiesu.workorders.models import Category, Status, WorkOrder
from jiesu.workorders.selectors import workorder_scope

TOPIC_CATEGORIES = {
    "漏雨": ("房屋漏水",),
    "下水堵塞": ("污水管道堵塞",),
    "暖气": ("暖气不热", "供暖设施漏水"),
}
STORY_DAY = date(2024, 4, 8)
REPAIRED = date(2024, 5, 31)
REVISITED = date(2024, 6, 5)
RAINY = (date(2024, 6, 1), date(2024, 9, 30))
REPAIR_NOTE = "城市更新集团南苑分部使用应急公共维修资金完成{n}号楼屋面防水修缮，物业配合。"
VISIT_POINTS = (
    ("2", "3", "502", "入户走访发现卫生间顶板渗水"),
    ("9", "1", "1101", "入户走访发现顶层墙面返潮"),
)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), timezone.get_current_timezone())


def _topics() -> dict[str, Topic]:
    topics = {}
    for name, categories in TOPIC_CATEGORIES.items():
        topic, _ = Topic.objects.get_or_create(name=name)
        topic.categories.add(*Category.objects.filter(name__in=categories))
        topics[name] = topic
    return topics


def _workers(community_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role__in=(Role.COMMUNITY, Role.GRID_WORKER), unit__community_id=community_id
        ).order_by("role", "id")
    )


def _property_user(compound: Compound) -> User | None:
    if compound.property_project_id is None:
        return None
    project = compound.property_project
    return (
        User.objects.filter(is_active=True, role=Role.PROPERTY, unit_id__in=(project.pk, project.parent_id))
        .order_by("id")
        .first()
    )


def _story_whistle(compound: Compound) -> Whistle | None:
    """The whistles seeder's 阳光星苑 whistle (None when its demo did not run)."""
    return Whistle.objects.filter(compound=compound, blown_at__date=STORY_DAY).first()


def _leak_orders(compound: Compound, building: str, user: User) -> list[WorkOrder]:
    """The leak orders at the building the community worker sees (linked to its point)."""
    return list(
        workorder_scope(user=user)
        .filter(compound=compound, building__number=building, category__name="房屋漏水")
        .exclude(status=Status.MERGED)
        .order_by("received_at")[:20]
    )


def _play(steps: list, now: datetime) -> int:
    played = 0
    for moment, call in sorted(steps, key=lambda step: step[0]):
        if moment <= now:
            call(moment)
            played += 1
    return played


def _leak_register(topics, context: DemoContext, now: datetime) -> tuple[Register | None, int]:
    compound = Compound.objects.filter(name=LEAK_COMPOUND).select_related("property_project").first()
    if compound is None:
        return None, 0
    workers = [u for u in _workers(compound.community_id)]
    community_worker = next((u for u in workers if u.role == Role.COMMUNITY), None)
    if community_worker is None:
        return None, 0
    cadre = next((u for u in workers if u.pk != community_worker.pk), community_worker)
    repairer = _property_user(compound) or cadre
    opened = _at(date(2024, 3, 20), 9)
    if opened > now or context.start > STORY_DAY:
        return None, 0
    register = services.register_open(
        actor=community_worker, compound=compound, topic=topics["漏雨"], now=opened
    )
    whistle = _story_whistle(compound)
    steps = []
    for index, number in enumerate(LEAK_BUILDINGS):
        registered = _at(STORY_DAY, 10, 10 * index)
        holder = {}

        def add(at, number=number, holder=holder):
            holder["point"] = services.point_register(
                actor=community_worker,
                register=register,
                building_number=number,
                description=f"{number}号楼顶层多户漏雨，屋面防水层老化，雨天渗漏严重。",
                source=Source.WHISTLE,
                source_ref=whistle.number if whistle else "",
                orders=_leak_orders(compound, number, community_worker),
                now=at,
            )

        steps += _loop(
            add,
            holder,
            registered,
            community_worker,
            cadre,
            repairer,
            repair_note=REPAIR_NOTE.format(n=number),
            repaired=_at(REPAIRED, 16, index),
            revisited=_at(REVISITED, 10, 20 * index),
            respond_note="包户干部当日陪同南苑分部、物业入户查看",
        )
    for index, (number, entrance, room, text) in enumerate(VISIT_POINTS):
        holder = {}

        def add(at, number=number, entrance=entrance, room=room, text=text, holder=holder):
            holder["point"] = services.point_register(
                actor=community_worker,
                register=register,
                building_number=number,
                entrance=entrance,
                room=room,
                description=text,
                source=Source.VISIT,
                now=at,
            )

        steps += _loop(
            add,
            holder,
            _at(date(2024, 4, 15 + index), 15),
            community_worker,
            cadre,
            repairer,
            repair_note="物业维修班组入户修补渗漏点。",
            repaired=_at(date(2024, 5, 10 + index), 11),
            revisited=_at(date(2024, 5, 20 + index), 10),
            respond_note="包户干部电话联系住户，次日入户",
        )
    played = _play(steps, now)
    linked_at = _at(REVISITED, 11)
    if whistle is not None and linked_at <= now:  # the community links the table's points to its whistle
        story = list(register.points.filter(source=Source.WHISTLE))
        whistle_link(
            whistle_id=whistle.pk,
            actor=community_worker,
            objects=story,
            note="关联漏雨点位台账",
            now=linked_at,
        )
    return register, played


def _loop(
    add, holder, registered, worker, cadre, repairer, *, repair_note, repaired, revisited, respond_note
):
    """The five steps of one point as (time, call)."""

    def pid():
        return holder["point"].pk

    return [
        (registered, add),
        (
            registered + timedelta(minutes=30),
            lambda at: services.point_assign(point_id=pid(), actor=worker, cadre=cadre, now=at),
        ),
        (
            registered + timedelta(hours=3),
            lambda at: services.point_respond(point_id=pid(), actor=cadre, note=respond_note, now=at),
        ),
        (
            repaired,
            lambda at: services.point_repair(point_id=pid(), actor=repairer, note=repair_note, now=at),
        ),
        (
            revisited,
            lambda at: services.point_revisit(
                point_id=pid(), actor=worker, solved=True, note="回访住户，确认不再渗漏，销号。", now=at
            ),
        ),
    ]


def _rainy_campaign(topics, dispatcher: User, now: datetime) -> Campaign | None:
    leak = Compound.objects.filter(name=LEAK_COMPOUND).first()
    planned = _at(date(2024, 5, 6), 10)
    if leak is None or planned > now:
        return None
    compounds = list(
        Compound.objects.filter(community_id=leak.community_id, kind=Compound.Kind.APARTMENT)
        .select_related("property_project")
        .order_by("id")
    )
    campaign = services.campaign_plan(
        actor=dispatcher,
        name="2024 汛期防漏雨",
        topic=topics["漏雨"],
        starts_on=RAINY[0],
        ends_on=RAINY[1],
        compounds=compounds,
        note="汛期前完成雨水管道清掏、屋面排查，漏雨点位全部销号。",
        now=planned,
    )
    for index, compound in enumerate(compounds):
        workers = _workers(compound.community_id)
        owners = [
            ("雨水管道清掏", _property_user(compound)),
            ("屋面防水检查", workers[0] if workers else None),
        ]
        for offset, (title, owner) in enumerate(owners):
            owner = owner or dispatcher
            task = services.campaign_task_add(
                actor=dispatcher,
                campaign=campaign,
                title=title,
                compound=compound,
                owner=owner,
                due_on=date(2024, 5, 31),
                now=planned + timedelta(minutes=index * 2 + offset),
            )
            started = _at(date(2024, 5, 13 + index % 5), 9)
            services.task_start(task_id=task.pk, actor=owner, now=started)
            services.task_finish(
                task_id=task.pk,
                actor=owner,
                result="清掏雨水篦子和管道，无堵塞。" if offset == 0 else "逐栋检查屋面，防水完好。",
                now=started + timedelta(days=2, hours=3),
            )
    return campaign


def _recent(topics, dispatcher: User, now: datetime) -> int:
    """Open work around the demo's now at 御槐园社区 (the `community` login's community)."""
    compound = (
        Compound.objects.filter(community__name=FOCUS_COMMUNITY, kind=Compound.Kind.APARTMENT)
        .exclude(buildings=None)
        .order_by("id")
        .first()
    )
    if compound is None:
        return 0
    workers = _workers(compound.community_id)
    worker = next((u for u in workers if u.role == Role.COMMUNITY), None)
    if worker is None:
        return 0
    cadre = next((u for u in workers if u.pk != worker.pk), worker)
    numbers = list(compound.buildings.order_by("id").values_list("number", flat=True))
    register = services.register_open(
        actor=worker, compound=compound, topic=topics["下水堵塞"], now=now - timedelta(days=40)
    )
    texts = ("单元污水井返水", "一层住户下水反味", "楼前化粪池外溢")
    points = []
    for index, days in enumerate((30, 12, 1)):
        points.append(
            services.point_register(
                actor=worker,
                register=register,
                building_number=numbers[index % len(numbers)],
                description=texts[index],
                source=(Source.VISIT, Source.GRID, Source.VISIT)[index],
                now=now - timedelta(days=days),
            )
        )
    first, second = points[0], points[1]
    services.point_assign(
        point_id=first.pk, actor=worker, cadre=cadre, now=now - timedelta(days=30, hours=-1)
    )
    services.point_respond(point_id=first.pk, actor=cadre, now=now - timedelta(days=29))
    services.point_repair(
        point_id=first.pk, actor=cadre, note="联系排水集团疏通。", now=now - timedelta(days=27)
    )
    services.point_revisit(point_id=first.pk, actor=worker, solved=True, now=now - timedelta(days=25))
    services.point_assign(point_id=second.pk, actor=worker, cadre=cadre, now=now - timedelta(days=11))
    # a campaign under way: 暖气 checks at the community's compounds, some tasks late
    compounds = list(
        Compound.objects.filter(community_id=compound.community_id, kind=Compound.Kind.APARTMENT).order_by(
            "id"
        )[:3]
    )
    campaign = services.campaign_plan(
        actor=dispatcher,
        name=f"{now:%Y}年入冬暖气排查",
        topic=topics["暖气"],
        starts_on=(now - timedelta(days=30)).date(),
        ends_on=(now + timedelta(days=90)).date(),
        compounds=compounds,
        now=now - timedelta(days=30),
    )
    for index, item in enumerate(compounds):
        task = services.campaign_task_add(
            actor=dispatcher,
            campaign=campaign,
            title="楼内暖气管道排查",
            compound=item,
            owner=worker,
            due_on=(now + timedelta(days=(-10, -3, 10)[index])).date(),
            now=now - timedelta(days=30),
        )
        if index == 0:
            services.task_finish(
                task_id=task.pk, actor=worker, result="排查完毕", now=now - timedelta(days=6)
            )
    return len(points)


def registers_demo_seed(context: DemoContext) -> str:
    now = context.now
    topics = _topics()
    dispatcher = User.objects.filter(role=Role.DISPATCHER, is_active=True).order_by("id").first()
    register, steps = _leak_register(topics, context, now)
    campaign = _rainy_campaign(topics, dispatcher, now) if dispatcher else None
    recent = _recent(topics, dispatcher, now) if dispatcher else 0
    scan = services.register_deadline_scan(now=now)  # what the periodic scan would have flagged by now
    points = Point.objects.count()
    parts = [f"点位台账 {Register.objects.count()} 本、点位 {points} 个"]
    if register is not None:
        parts.append(f"{register}台账 {register.points.count()} 个点位（{steps} 步）")
    if campaign is not None:
        parts.append(f"专项行动「{campaign.name}」{campaign.tasks.count()} 项任务")
    if recent:
        parts.append(f"近期未完成点位 {recent} 个")
    if scan["points_escalated"] or scan["tasks_escalated"]:
        parts.append(f"逾期督办点位 {scan['points_escalated']} 个、专项任务 {scan['tasks_escalated']} 项")
    return "；".join(parts)
