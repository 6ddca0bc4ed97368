"""The demo street's 居民议事 (a `core.extensions.demo_seeders` entry).

御槐园社区's 「大槐树下唠家常」 since July 2023 (the month its orders fall from at most 46 to
single digits in the demo street's volume plan): representatives in its buildings, proposals every
month from the mailbox under the tree, door-to-door visits and the QR page, the month's topics picked
from the ranked candidates (proposals and the community's 12345 orders), a meeting under the tree on
the third Thursday with its 五社联动 parties, decisions that become follow-up tasks for the units,
solved and published — the last ones still open, one overdue. And the riders' council (小哥议事会)
since April 2024: suggestions from the riders' box every month, a meeting every quarter.

Everything goes through the services, as the demo users, at the time it happened; only the part
from `--from` to the demo's now is played (the programmes and representatives always exist).
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from jiesu.accounts.models import User
from jiesu.core.extensions import DemoContext
from jiesu.deliberation import services
from jiesu.deliberation.demo.bank import RESIDENTS, RIDERS, Matter
from jiesu.deliberation.models import Programme, Topic, TopicSubmission
from jiesu.deliberation.selectors import invitees_suggest, representatives_current, topic_candidates
from jiesu.deliberation.states import TopicStatus
from jiesu.demo.street import FOCUS_COMMUNITY, build_street
from jiesu.places.models import Building, Community
from jiesu.units.models import Unit
from jiesu.workorders.models import WorkOrder

# the start of 御槐园's programme in the demo street's volume plan (jiesu.demo.volume.DELIBERATION_START)
START = date(2023, 7, 1)
RIDERS_START = date(2024, 4, 1)
PLACE = "御槐园社区大槐树下"
RIDERS_PLACE = "槐林街道党群服务中心"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = (
    "秀兰",
    "桂英",
    "建国",
    "淑珍",
    "志强",
    "玉梅",
    "德明",
    "凤英",
    "国庆",
    "丽华",
    "振华",
    "春梅",
    "卫东",
    "秀云",
)
PARTIES = {
    "social_organisations": ("槐香社会工作事务所", "御槐园邻里互助会", "槐林社区社会组织联合会"),
    "social_workers": ("驻社区社工 2 名", "社工站社工 1 名", "驻社区社工 3 名"),
    "volunteers": ("爱在南苑志愿服务队", "文明南苑志愿服务队", "情暖南苑志愿服务队", "青春南苑志愿服务队"),
    "charitable_resources": ("", "", "社区公益金", "辖区企业捐赠物资", "慈善超市"),
}
RULES = (
    "一、议题征集：议事信箱（大槐树下）、扫码提议、入户走访，每月10日前汇总。\n"
    "二、议题确定：管理小组按热度（居民提议与12345诉求）排序，每月确定议题。\n"
    "三、议事会议：每月第三个周四下午在大槐树下召开，代表、居民、社会组织、社工、志愿者共同参与。\n"
    "四、结果落实：议定事项明确责任单位和完成时限，办结后在公开页公示。"
)


def _month_iter(first: date, last: date):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def _weekday_in_month(month: date, weekday: int, nth: int) -> date:
    day = month + timedelta(days=(weekday - month.weekday()) % 7)
    return day + timedelta(weeks=nth - 1)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


class Player:
    def __init__(self, context: DemoContext, programme: Programme, actor: User, matters: tuple[Matter, ...]):
        self.context, self.programme, self.actor, self.matters = context, programme, actor, matters
        self.now = context.now
        plan = build_street()
        self.units = {u.name: u for u in Unit.objects.filter(name__in={m.unit for m in matters})}
        acting = {name: plan.unit_users.get(name) for name in self.units}
        self.reporters = {
            name: User.objects.filter(username=username).first() or actor for name, username in acting.items()
        }
        self.matter_of: dict[int, Matter] = {}
        self.tasks = 0

    def propose(self, *, month: date, matters: list[Matter], rng: random.Random, channels, buildings) -> None:
        for matter in matters:
            for _ in range(rng.randint(2, 3)):
                day = month + timedelta(days=rng.randint(0, 9))
                when = _at(day, rng.randint(8, 19), rng.choice((0, 15, 30, 45)))
                if when > self.now:
                    continue
                channel = rng.choice(channels)
                submission = services.submission_create(
                    programme_id=self.programme.pk,
                    actor=None if channel == "online" else self.actor,
                    channel=channel,
                    content=rng.choice(matter.proposals),
                    building=rng.choice(buildings) if buildings and rng.random() < 0.6 else None,
                    submitter_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                    submitted_at=when,
                    now=when if channel == "online" else min(when + timedelta(hours=2), self.now),
                )
                self.matter_of[submission.pk] = matter

    def confirm(self, *, month: date, count: int, when: datetime) -> list[Topic]:
        picks = []
        for candidate in topic_candidates(programme=self.programme, month=month):
            submission_ids = [int(key[1:]) for key in candidate.keys if key[0] == "s"]
            if not submission_ids:
                continue
            matter = self.matter_of.get(submission_ids[0])
            title = matter.title if matter else candidate.title
            if any(p.title == title for p in picks):
                continue
            order_ids = [int(key[1:]) for key in candidate.keys if key[0] == "o"]
            picks.append(services.Pick(title, submission_ids, order_ids, candidate.score))
            if len(picks) == count:
                break
        if not picks:
            return []
        return services.topics_confirm(
            programme_id=self.programme.pk, month=month, picks=picks, actor=self.actor, now=when
        )

    def meet(self, *, topics: list[Topic], held: datetime, rng: random.Random, late_first: bool) -> None:
        planned_at = max(
            held - timedelta(days=rng.randint(5, 8)), max(t.confirmed_at for t in topics) + timedelta(hours=1)
        )
        if planned_at > self.now:
            return
        current = list(representatives_current(programme=self.programme, on=held.date()))
        invited = invitees_suggest(programme=self.programme, topics=topics, on=held.date())
        for rep in current:
            if len(invited) >= 7:
                break
            if rep not in invited:
                invited.append(rep)
        meeting = services.meeting_plan(
            programme_id=self.programme.pk,
            actor=self.actor,
            held_at=held,
            place=PLACE if self.programme.community_id else RIDERS_PLACE,
            topic_ids=[t.pk for t in topics],
            representative_ids=[r.pk for r in invited],
            now=planned_at,
        )
        record_at = held + timedelta(hours=2)
        if record_at > self.now:
            return
        attended = [r.pk for r in invited if rng.random() < 0.85]
        titles = "、".join(t.title for t in topics)
        services.meeting_hold(
            meeting_id=meeting.pk,
            actor=self.actor,
            attended_ids=attended,
            minutes=f"围绕「{titles}」议事。代表和居民逐项发言，形成议定事项，明确责任单位和完成时限。",
            parties=services.Parties(
                residents_count=rng.randint(12, 40) if self.programme.community_id else rng.randint(15, 30),
                **{name: rng.choice(values) for name, values in PARTIES.items()},
            ),
            now=record_at,
        )
        tasks = []
        for index, topic in enumerate(topics):
            matter = next((m for m in self.matters if m.title == topic.title), None)
            if matter is None or matter.unit not in self.units:
                continue
            orders = list(topic.orders.all())
            if self.programme.community_id and index == 0:
                # the orders residents' representatives brought in through the programme (channel 议事)
                orders += list(
                    WorkOrder.objects.filter(
                        community=self.programme.community, channel="deliberation",
                        received_at__gte=_at(held.date().replace(day=1) - timedelta(days=1), 0).replace(day=1),
                        received_at__lte=held,
                    ).exclude(pk__in=[o.pk for o in orders]).order_by("received_at")[:3]
                )  # fmt: skip
            task = services.meeting_decide(
                meeting_id=meeting.pk,
                actor=self.actor,
                decision=matter.decision,
                owner_unit=self.units[matter.unit],
                deadline=held.date() + timedelta(days=rng.randint(20, 45)),
                topic=topic,
                orders=orders,
                now=record_at + timedelta(minutes=5 + index),
            )
            tasks.append((task, matter))
            self.tasks += 1
        for index, (task, matter) in enumerate(tasks):
            late = late_first and index == 0
            deadline_at = _at(task.deadline, 16)
            report_at = (
                deadline_at + timedelta(days=rng.randint(3, 12))
                if late
                else deadline_at - timedelta(days=rng.randint(2, 15))
            )
            report_at = max(report_at, record_at + timedelta(days=1))
            if report_at > self.now:
                continue
            reporter = self.reporters.get(matter.unit, self.actor)
            services.task_report(task_id=task.pk, actor=reporter, progress=matter.progress, now=report_at)
            confirm_at = report_at + timedelta(days=rng.randint(1, 4))
            if confirm_at > self.now:
                continue
            services.task_confirm(task_id=task.pk, actor=self.actor, note="代表回访确认。", now=confirm_at)
        publish_at = record_at + timedelta(days=3)
        if publish_at <= self.now:
            done = "；".join(f"{matter.decision}（{task.owner_unit.name}）" for task, matter in tasks)
            services.meeting_publish(
                meeting_id=meeting.pk,
                actor=self.actor,
                summary=f"本次议定：{done}。落实情况随时更新。",
                now=publish_at,
            )


def _representatives(
    programme: Programme, actor: User, rng: random.Random, buildings: list[Building], riders: bool
):
    when = _at(programme.started_on - timedelta(days=7), 10)
    platforms = ("美团骑手", "饿了么骑手", "顺丰快递员", "京东快递员", "闪送骑手")
    for index in range(14 if not riders else 8):
        building = None if riders else buildings[(index * 7) % len(buildings)]
        services.representative_add(
            programme_id=programme.pk,
            actor=actor,
            name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            phone=f"139{rng.randint(10_000_000, 99_999_999)}",
            building=building,
            grid="" if riders else f"第{index % 4 + 1}网格",
            role_note=rng.choice(platforms)
            if riders
            else rng.choice(("楼门长", "党员", "居民代表", "物业代表")),
            term_start=programme.started_on,
            term_end=None if index % 5 else programme.started_on + timedelta(days=730),
            now=when,
        )


def _residents(context: DemoContext, rng: random.Random) -> Player | None:
    community = Community.objects.filter(name=FOCUS_COMMUNITY).first()
    actor = User.objects.filter(username="community").first()
    if community is None or actor is None:
        return None
    programme = services.programme_create(
        actor=actor,
        community=community,
        name="大槐树下唠家常",
        started_on=START,
        rules=RULES,
        management_group="组长：社区党委书记\n副组长：居委会主任\n成员：物业项目经理、楼门长代表、驻社区社工",
        now=_at(START - timedelta(days=10), 10),
    )
    buildings = list(Building.objects.filter(compound__community=community).order_by("compound_id", "id"))
    _representatives(programme, actor, rng, buildings, riders=False)
    player = Player(context, programme, actor, RESIDENTS)
    months = list(_month_iter(START, context.now.date()))
    for month in months:
        matters = rng.sample(RESIDENTS, 3)
        if month < context.start.replace(day=1):
            continue
        held = _at(_weekday_in_month(month, 3, 3), 15)  # the third Thursday
        player.propose(
            month=month,
            matters=matters,
            rng=rng,
            channels=("mailbox", "mailbox", "visit", "online"),
            buildings=buildings,
        )
        confirm_at = _at(month + timedelta(days=11), 10)
        if confirm_at > context.now:
            continue
        topics = player.confirm(month=month, count=2, when=confirm_at)
        if topics:
            late = month == months[-2]
            player.meet(topics=topics, held=held, rng=rng, late_first=late)
    return player


def _riders(context: DemoContext, rng: random.Random) -> Player | None:
    actor = User.objects.filter(username="dispatcher").first()
    if actor is None or context.now.date() < RIDERS_START:
        return None
    programme = services.programme_create(
        actor=actor,
        community=None,
        name="小哥议事会",
        audience="riders",
        order_channel="rider",
        started_on=RIDERS_START,
        rules="骑手随时通过意见箱提议；每季度第一个月第三个周二晚在党群服务中心议事，街道相关科室到会回应。",
        management_group="组长：街道党群工作办公室\n成员：平台站点负责人、骑手代表",
        now=_at(RIDERS_START - timedelta(days=7), 10),
    )
    _representatives(programme, actor, rng, [], riders=True)
    player = Player(context, programme, actor, RIDERS)
    for month in _month_iter(RIDERS_START, context.now.date()):
        matters = rng.sample(RIDERS, 1)
        if month < context.start.replace(day=1):
            continue
        player.propose(month=month, matters=matters, rng=rng, channels=("online",), buildings=[])
        confirm_at = _at(month + timedelta(days=11), 11)
        if confirm_at <= context.now:
            player.confirm(month=month, count=1, when=confirm_at)
        if month.month in (1, 4, 7, 10):
            topics = list(
                programme.topics.filter(status=TopicStatus.CONFIRMED, month__lte=month).order_by("month")[:3]
            )
            if topics:
                player.meet(
                    topics=topics, held=_at(_weekday_in_month(month, 1, 3), 19), rng=rng, late_first=False
                )
    return player


def deliberation_demo_seed(context: DemoContext) -> str:
    rng = random.Random(f"jiesu-deliberation-{context.seed}")
    residents = _residents(context, rng)
    riders = _riders(context, random.Random(f"jiesu-deliberation-riders-{context.seed}"))
    scan = services.task_deadline_scan(now=context.now)
    parts = []
    for player in (residents, riders):
        if player is None:
            continue
        programme = player.programme
        parts.append(
            f"{programme.name}（{programme.where}）征集 "
            f"{TopicSubmission.objects.filter(programme=programme).count()} 条、议题 {programme.topics.count()} 个、"
            f"会议 {programme.meetings.count()} 次、议定事项 {player.tasks} 项"
        )
    if not parts:
        return "居民议事：未找到御槐园社区或演示账号，跳过。"
    return f"居民议事：{'；'.join(parts)}；逾期提醒 {scan['urged']} 项。"
