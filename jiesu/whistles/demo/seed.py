"""The demo street's 吹哨报到 (a `core.extensions.demo_seeders` entry).

Whistles blown by the communities over 2023–2024 (about five a month) and a few in the last
weeks before the demo's now, in every open state; each step goes through the real services, as
the demo users, at the time it happened. Deterministic for a seed: the whole list is drawn first,
then the part from `--from` to the demo's now is played. The seed story is among them: 阳光星苑
(星苑社区) summons the city-renewal group's Nanyuan branch about its roof leaks in April 2024, and
buildings 5, 13 and 16 are repaired from the emergency public repair fund before the rainy season.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password

from jiesu.accounts.models import Role, User
from jiesu.core.extensions import DemoContext
from jiesu.demo.street import FOCUS_COMMUNITY, LEAK_BUILDINGS, LEAK_COMPOUND, StreetPlan, build_street
from jiesu.places.models import Community, Compound
from jiesu.units.models import Unit
from jiesu.whistles import services
from jiesu.whistles.deadlines import check_in_hours_for, working_clock
from jiesu.whistles.demo import topics
from jiesu.whistles.models import Summons, Whistle
from jiesu.whistles.states import WhistleStatus
from jiesu.whistles.workhours import WorkingHours
from jiesu.workorders.models import WorkOrder

HISTORY = (date(2023, 1, 1), date(2024, 12, 31))
PER_MONTH = (2, 6)
DEPARTMENT_LOGIN_UNIT = "城市管理办公室"  # the demo's `department` login: recent whistles summon it
EXTRA_WORKERS = {"星苑社区居委会": ("xingyuan", "周立华")}
STORY_AT = datetime(2024, 4, 8, 9, 40)
STORY_REPAIRED = date(2024, 5, 31)  # before the 2024 rainy season
# recent whistles: (the state they are left in, working days before the demo's now)
RECENT = (  # every third one is in another community; the rest at 御槐园社区 (the `community` login)
    ("done", 16), ("to_rate", 12), ("handling", 5), ("confirming", 9), ("to_rate", 8),
    ("overdue", 2), ("confirming", 6), ("overdue", 3), ("blown", 1), ("blown", 1),
)  # fmt: skip
# the last step each state allows: 1 check in, 2 report (and rate the whistle), 3 confirm, 4 rate
STAGE_LIMIT = {"blown": 0, "overdue": 1, "handling": 1, "confirming": 2, "to_rate": 3, "done": 9}


@dataclass
class Fate:
    """What one summoned unit will do, in working hours after the previous step."""

    check_in: float
    on_site: bool
    report: float
    send_back: bool
    scores: tuple[int, int, int]
    reasonable: bool | None  # None: the unit does not rate the whistle


@dataclass
class Plan:
    number: int
    blown_at: datetime
    community: str
    compound: str
    building: str
    topic: topics.Topic
    urgency: str
    units: list[str]
    by_centre: bool = False
    stage: str = "done"
    fates: dict[str, Fate] = field(default_factory=dict)
    story: bool = False


class Cast:
    """The demo user who acts for each unit, and the places by name (looked up once)."""

    def __init__(self, plan: StreetPlan):
        self.plan = plan
        self.acting = dict(plan.unit_users)
        self.community_unit = {c.name: c.unit for c in plan.communities}
        self.project_of = {c.name: c.project for c in plan.compounds}
        self.compounds_of: dict[str, list[str]] = {}
        for compound in plan.compounds:
            if compound.kind == "apartment":
                self.compounds_of.setdefault(compound.community, []).append(compound.name)
        self.users = {
            u.username: u
            for u in User.objects.filter(username__in=set(self.acting.values()) | {"dispatcher"})
        }
        self.units = {u.name: u for u in Unit.objects.all()}
        self.communities = {c.name: c for c in Community.objects.all()}
        self.compounds = {(c.community_id, c.name): c for c in Compound.objects.all()}

    def user_for(self, unit_name: str) -> User:
        return self.users[self.acting[unit_name]]

    def blower(self, community: str, by_centre: bool) -> User:
        return self.users["dispatcher"] if by_centre else self.workers[self.community_unit[community]]

    def community_workers(self, password: str) -> None:
        """A community worker per community unit; 星苑社区's demo login is a grid worker, who reads
        whistles but does not blow them, so the demo adds a community worker there."""
        self.workers = {
            user.unit.name: user
            for user in User.objects.filter(
                role=Role.COMMUNITY, unit__kind=Unit.Kind.COMMUNITY
            ).select_related("unit")
        }
        for name, (username, display_name) in EXTRA_WORKERS.items():
            if name not in self.workers and name in self.units:
                self.workers[name] = User.objects.filter(username=username).first() or User.objects.create(
                    username=username,
                    display_name=display_name,
                    role=Role.COMMUNITY,
                    unit=self.units[name],
                    password=make_password(password),
                )


def _nanyuan(cast: Cast, password: str) -> Unit:
    """The city-renewal group's Nanyuan branch and its staff member (added to the demo street)."""
    unit, _ = Unit.objects.get_or_create(
        name=topics.NANYUAN,
        defaults={
            "kind": Unit.Kind.DEPARTMENT,
            "aliases": ["南苑分部", "城市更新集团南苑分部"],
            "phone": "010-87651234",
        },
    )
    username, name = topics.NANYUAN_USER
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(
            username=username,
            display_name=name,
            role=Role.DEPARTMENT,
            unit=unit,
            password=make_password(password),
        )
    cast.units[unit.name] = unit
    cast.acting[unit.name] = username
    cast.users[username] = user
    return unit


def _fate(rng: random.Random, hours: int) -> Fate:
    roll = rng.random()
    check_in = hours * rng.uniform(0.1, 0.9) if roll < 0.82 else hours * rng.uniform(1.2, 3.5)
    late = check_in > hours
    effective = rng.choice((4, 5, 5)) if rng.random() > 0.1 else 3
    return Fate(
        check_in=round(check_in, 2),
        on_site=rng.random() < 0.85,
        report=rng.uniform(4, 40),
        send_back=rng.random() < 0.1,
        scores=(
            rng.choice((2, 3)) if late else rng.choice((4, 5, 5)),
            effective,
            min(5, effective + rng.choice((-1, 0, 0, 1))),
        ),
        reasonable=None if rng.random() < 0.3 else rng.random() > 0.08,
    )


def _working_moment(rng: random.Random, clock: WorkingHours, day: date) -> datetime:
    start = clock.add(datetime.combine(day, time(0, 0), clock.tz), 0)
    return clock.add(start, rng.uniform(0.2, 8.0)).replace(second=0, microsecond=0)


def _plans(cast: Cast, rng: random.Random, clock: WorkingHours, now: datetime) -> list[Plan]:
    plans: list[Plan] = []
    weighted = [(topic, topic.weight) for topic in topics.TOPICS]
    communities = [c.name for c in cast.plan.communities if c.name in cast.compounds_of]
    month = HISTORY[0]
    while month <= HISTORY[1]:
        for _ in range(rng.randint(*PER_MONTH)):
            day = month + timedelta(days=rng.randrange(28))
            candidates = [(t, w) for t, w in weighted if day.month in t.months]
            topic = rng.choices([t for t, _ in candidates], [w for _, w in candidates])[0]
            community = FOCUS_COMMUNITY if rng.random() < 0.15 else rng.choice(communities)
            community = topic.community or community
            plans.append(
                _plan(cast, rng, clock, len(plans), _working_moment(rng, clock, day), community, topic)
            )
        month = (month + timedelta(days=32)).replace(day=1)
    plans.append(_story(cast, clock, len(plans)))
    # the last weeks: whistles in every open state, most at the demo logins' community and unit
    for index, (stage, days_back) in enumerate(RECENT):
        topic = rng.choice([t for t in topics.TOPICS if now.month in t.months] or list(topics.TOPICS))
        community = FOCUS_COMMUNITY if index % 3 != 2 else rng.choice(communities)
        day = _workday_before(clock, now.date(), days_back)
        moment = datetime.combine(day, time(16, 0) if stage == "blown" else time(10, 0), clock.tz)
        plan = _plan(cast, rng, clock, len(plans), moment, community, topic, stage=stage)
        if stage == "blown":
            plan.urgency = "normal"  # due on the next working day: still within its deadline
        if DEPARTMENT_LOGIN_UNIT not in plan.units:
            plan.units.append(DEPARTMENT_LOGIN_UNIT)
            plan.fates[DEPARTMENT_LOGIN_UNIT] = _fate(rng, check_in_hours_for(urgency=plan.urgency))
        if stage == "overdue":  # the unit that never shows up (the first) is the department login's
            plan.units.remove(DEPARTMENT_LOGIN_UNIT)
            plan.units.insert(0, DEPARTMENT_LOGIN_UNIT)
        plans.append(plan)
    return plans


def _workday_before(clock: WorkingHours, day: date, days: int) -> date:
    while days:
        day -= timedelta(days=1)
        days -= clock.calendar.is_workday(day)
    return day


def _plan(cast, rng, clock, number, blown_at, community, topic, stage="done") -> Plan:
    compound = rng.choice(cast.compounds_of[community])
    building_numbers = [b for c in cast.plan.compounds if c.name == compound for b, _ in c.buildings]
    building = rng.choice(building_numbers) if building_numbers and "{building}" in topic.title else ""
    units = []
    for name in topic.units:
        name = cast.project_of.get(compound, "") if name == "project" else name
        if name and name not in units:
            units.append(name)
    urgency = rng.choices(["normal", "urgent", "critical"], [70, 25, 5])[0]
    hours = check_in_hours_for(urgency=urgency)
    return Plan(
        number,
        blown_at,
        community,
        compound,
        building,
        topic,
        urgency,
        units,
        by_centre=rng.random() < 0.1,
        stage=stage,
        fates={name: _fate(rng, hours) for name in units},
    )


def _story(cast: Cast, clock: WorkingHours, number: int) -> Plan:
    blown_at = STORY_AT.replace(tzinfo=clock.tz)
    project = cast.project_of[LEAK_COMPOUND]
    checked_in = clock.add(blown_at, 1.5)
    repaired = datetime.combine(STORY_REPAIRED, time(16, 0), clock.tz)
    report = clock.between(checked_in, repaired)
    fate = Fate(check_in=1.5, on_site=True, report=report, send_back=False, scores=(5, 5, 5), reasonable=True)
    helper = Fate(
        check_in=3, on_site=True, report=report + 2, send_back=False, scores=(5, 4, 5), reasonable=True
    )
    topic = topics.Topic(
        topics.STORY_TITLE,
        topics.STORY_DESCRIPTION,
        (topics.NANYUAN, project),
        topics.STORY_MEASURES,
        topics.STORY_RESULT,
        categories=("房屋漏水",),
    )
    return Plan(
        number,
        blown_at,
        "星苑社区",
        LEAK_COMPOUND,
        LEAK_BUILDINGS[0],
        topic,
        "urgent",
        [topics.NANYUAN, project],
        fates={topics.NANYUAN: fate, project: helper},
        story=True,
    )


def _orders(plan: Plan, compound: Compound) -> list[WorkOrder]:
    if not plan.topic.categories:
        return []
    since = plan.blown_at - timedelta(days=300 if plan.story else 45)
    orders = WorkOrder.objects.filter(
        compound=compound, category__name__in=plan.topic.categories, received_at__range=(since, plan.blown_at)
    ).exclude(status="merged")
    if plan.story:
        orders = orders.filter(building__number__in=LEAK_BUILDINGS)
    return list(orders.order_by("-received_at")[: 8 if plan.story else 2])


def _play(plan: Plan, cast: Cast, clock: WorkingHours, now: datetime) -> Whistle:
    community = cast.communities[plan.community]
    compound = cast.compounds[(community.pk, plan.compound)]
    fill = {"compound": plan.compound, "building": f"{plan.building}号" if plan.building else ""}
    community_user = cast.blower(plan.community, plan.by_centre)
    whistle = services.whistle_blow(
        actor=community_user,
        community=community,
        title=plan.topic.title.format(**fill)[:100],
        description=plan.topic.description.format(**fill),
        urgency=plan.urgency,
        units=[cast.units[name] for name in plan.units],
        compound=compound,
        building_number=plan.building,
        place_text="及13号、16号楼顶层" if plan.story else "",
        links=_orders(plan, compound),
        now=plan.blown_at,
    )
    summonses = {s.unit.name: s for s in Summons.objects.filter(whistle=whistle).select_related("unit")}
    steps = []
    for position, name in enumerate(plan.units):
        steps += _steps(plan, position, name, summonses[name].pk, cast, community_user, clock)
    for moment, stage, _, call in sorted(steps, key=lambda step: (step[0], step[2])):
        if moment <= now and stage <= STAGE_LIMIT[plan.stage]:
            call(moment)
    return whistle


def _steps(plan, position, name, summons_id, cast, community_user, clock) -> list[tuple]:
    """(time, stage, order, call) for one unit: check in (1), report (2), confirm (3), ratings (4)."""
    fate, unit_user, topic = plan.fates[name], cast.user_for(name), plan.topic
    if plan.stage == "overdue" and position == 0:
        return []  # the first unit never shows up: the scan escalates it
    t_in = clock.add(plan.blown_at, fate.check_in)
    t_report = clock.add(t_in, fate.report)
    measures, result = topic.measures, topic.result
    if position:  # the units called to help the first one
        measures = f"配合{plan.units[0]}处置，做好现场协调和居民告知。"
        result = f"已配合{plan.units[0]}完成处置。"
    steps = [
        (
            t_in,
            1,
            position,
            lambda at: services.summons_check_in(
                summons_id=summons_id, actor=unit_user, on_site=fate.on_site, now=at
            ),
        ),
        (
            t_report,
            2,
            position,
            lambda at: services.summons_report(
                summons_id=summons_id, actor=unit_user, measures=measures, result=result, now=at
            ),
        ),
    ]
    t_done = t_report
    if fate.send_back:
        t_back, t_again = clock.add(t_report, 3), clock.add(t_report, 20)
        steps += [
            (
                t_back,
                3,
                position,
                lambda at: services.summons_send_back(
                    summons_id=summons_id,
                    actor=community_user,
                    reason="居民反映问题仍未解决，请再次处置。",
                    now=at,
                ),
            ),
            (
                t_again,
                3,
                position,
                lambda at: services.summons_report(
                    summons_id=summons_id,
                    actor=unit_user,
                    measures=f"再次处置：{measures}",
                    result=result,
                    now=at,
                ),
            ),
        ]
        t_done = t_again
    t_confirm = clock.add(t_done, 2 + position)
    on_time, effective, satisfied = fate.scores
    steps += [
        (
            t_confirm,
            3,
            position,
            lambda at: services.summons_confirm(summons_id=summons_id, actor=community_user, now=at),
        ),
        (
            t_confirm + timedelta(minutes=20),
            4,
            position,
            lambda at: services.summons_rate_unit(
                summons_id=summons_id,
                actor=community_user,
                on_time=on_time,
                effective=effective,
                satisfied=satisfied,
                note="报到及时、处置到位" if on_time >= 4 else "报到不够及时",
                now=at,
            ),
        ),
    ]
    if fate.reasonable is not None:
        reason = "" if fate.reasonable else (topic.reasons_not or "不属于本单位职责")
        if plan.story:
            reason = "社区前期逐户摸排清楚，问题真实紧迫。"
        steps.append(
            (
                t_in + timedelta(minutes=30),
                2,
                position,
                lambda at: services.summons_rate_whistle(
                    summons_id=summons_id, actor=unit_user, reasonable=fate.reasonable, reason=reason, now=at
                ),
            )
        )
    return steps


def whistles_demo_seed(context: DemoContext) -> str:
    cast = Cast(build_street())
    _nanyuan(cast, context.password)
    cast.community_workers(context.password)
    clock = working_clock()
    rng = random.Random(f"jiesu-whistles-{context.seed}")
    plans = [
        p
        for p in _plans(cast, rng, clock, context.now)
        if context.start <= p.blown_at.date() and p.blown_at <= context.now
    ]
    for plan in sorted(plans, key=lambda p: p.blown_at):
        _play(plan, cast, clock, context.now)
    escalated = services.whistle_deadline_scan(now=context.now)
    solved = Whistle.objects.filter(status=WhistleStatus.SOLVED).count()
    story = "，含阳光星苑屋面漏雨吹哨（城市更新集团南苑分部报到）" if any(p.story for p in plans) else ""
    return (
        f"吹哨报到：吹哨 {len(plans)} 次（已解决 {solved} 次），超时催报 {escalated['urged']} 次、督办 "
        f"{escalated['supervised']} 次{story}；南苑分部账号 {topics.NANYUAN_USER[0]}。"
    )
