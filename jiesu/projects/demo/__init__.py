"""The demo street's 主动治理 (a `core.extensions.demo_seeders` entry, after whistles).

49 proactive projects in two 2024 batches (2024年第一批: 25, 2024年第二批: 24), each at the places
where its category's orders clustered in the year before the batch (read from the loaded orders;
a deterministic draw when the orders are only a slice), funded by 区级接诉即办专项经费,
党组织服务群众经费 and 公益金, carried out by the street's sections, property projects and the
city-renewal group's Nanyuan branch. Every step goes through the real services, as the demo users,
at the time it happened (only steps up to the demo's now). Most projects of the first batch and
about half of the second are accepted, so their effect is real; a few are rejected or cancelled,
a few are still open (one with an overdue milestone). The seed story is among them: 阳光星苑's
roofs 5, 13 and 16, proposed from 星苑社区's whistle, repaired from the emergency public repair
fund by 31 May 2024 — no leak orders there since. The programme is small and loaded whole,
whatever `--from` says. Deterministic for the seed.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Sum
from django.utils import timezone
from PIL import Image, ImageDraw

from jiesu.accounts.models import Role, User
from jiesu.core.extensions import DemoContext
from jiesu.demo.street import FOCUS_COMMUNITY, LEAK_BUILDINGS, LEAK_COMPOUND, build_street
from jiesu.hotspots.models import Alert
from jiesu.places.models import Building, Compound
from jiesu.projects import services
from jiesu.projects.figures import category_q, project_effect
from jiesu.projects.models import Batch, FundingLine, Project, ProjectType
from jiesu.projects.services.proposing import PHOTO_AFTER
from jiesu.units.models import Unit
from jiesu.whistles.demo.topics import NANYUAN, STORY_TITLE
from jiesu.whistles.models import Whistle
from jiesu.workorders.models import Category, WorkOrder

BATCHES = (  # name, opens, closes, projects, fates (how many end in each state)
    ("2024年第一批", date(2024, 1, 15), date(2024, 4, 15), 25,
     {"accepted": 19, "implementing": 1, "approved": 1, "rejected": 2, "cancelled": 2}),
    ("2024年第二批", date(2024, 6, 17), date(2024, 8, 16), 24,
     {"accepted": 12, "implementing": 4, "approved": 2, "reviewing": 2, "collecting": 1, "rejected": 2, "cancelled": 1}),
)  # fmt: skip
# type, taxonomy path of its category, (projects in batch 1, in batch 2), by building?, budget range (k yuan)
TYPES = (
    ("房屋漏雨修缮", "城乡建设 › 物业管理 › 房屋漏水", (5, 4), True, (80, 300)),
    ("道路平整", "市政设施 › 道路设施 › 路面破损", (4, 3), False, (50, 200)),
    ("下水管道更新", "市政设施 › 排水 › 污水管道堵塞", (4, 4), False, (100, 400)),
    ("电动自行车充电车棚", "社会治安 › 消防安全 › 电动车充电", (4, 4), False, (60, 150)),
    ("雨水积水改造", "市政设施 › 排水 › 雨水积水", (2, 2), False, (80, 250)),
    ("楼道照明改造", "城乡建设 › 物业管理 › 公共设施维修", (2, 2), True, (20, 60)),
    ("健身器材更新", "社区治理 › 社区设施 › 健身器材", (2, 1), False, (30, 80)),
    ("无障碍设施", "社区治理 › 社区设施 › 无障碍设施", (1, 2), False, (40, 120)),
    ("停车位施划", "城乡建设 › 物业管理 › 小区停车", (1, 2), False, (20, 60)),
)
OWNER = {  # type → the unit carrying it out ("project": the compound's property project, if any)
    "房屋漏雨修缮": "project", "道路平整": "城市管理办公室", "下水管道更新": "城市更新专班",
    "电动自行车充电车棚": "平安建设办公室", "雨水积水改造": "城市更新专班", "楼道照明改造": "project",
    "健身器材更新": "社区建设办公室", "无障碍设施": "社区建设办公室", "停车位施划": "project",
}  # fmt: skip
FALLBACK_OWNER = "城市更新专班"
SOURCES = ("district", "party", "welfare")


@dataclass
class Plan:
    batch: int
    type: str
    compound: Compound
    buildings: list[Building]
    fate: str
    proposed_at: datetime
    budget: int
    funding: list[tuple[str, int, str]]
    source: str
    source_ref: str = ""
    story: bool = False
    steps: dict[str, datetime] = field(default_factory=dict)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _photo(rng: random.Random) -> SimpleUploadedFile:
    image = Image.new("RGB", (120, 90), tuple(rng.randint(150, 230) for _ in range(3)))
    ImageDraw.Draw(image).rectangle((20, 25, 100, 70), fill=tuple(rng.randint(40, 140) for _ in range(3)))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=70)
    return SimpleUploadedFile("demo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _types() -> dict[str, ProjectType]:
    """The project types, each linked to its taxonomy category unless the admin already chose one."""
    categories = {c.path: c for c in Category.objects.filter(path__in=[path for _, path, *_ in TYPES])}
    found = {}
    for name, path, *_ in TYPES:
        kind, _ = ProjectType.objects.get_or_create(name=name)
        if kind.category_id is None and path in categories:
            kind.category = categories[path]
            kind.save(update_fields=["category"])
        found[name] = kind
    return found


def _hot_places(
    kind: ProjectType, since: date, until: date, by_building: bool
) -> list[tuple[int, int | None]]:
    """(compound, building or None) where the type's orders clustered in [since, until), hottest first."""
    if kind.category is None:
        return []
    orders = WorkOrder.objects.filter(
        category_q(kind.category),
        compound__isnull=False,
        received_at__gte=_at(since, 0),
        received_at__lt=_at(until, 0),
    ).exclude(compound__name=LEAK_COMPOUND)
    keys = ("compound_id", "building_id") if by_building else ("compound_id",)
    rows = orders.values(*keys).annotate(n=Count("id")).order_by("-n", *keys)[:60]
    return [
        (row["compound_id"], row.get("building_id")) for row in rows if not by_building or row["building_id"]
    ]


def _places(rng, kind, by_building, hot, used, compounds, buildings_of) -> tuple[Compound, list[Building]]:
    """The hottest compound not used yet for this type, else a deterministic draw."""
    for compound_id, _ in hot:
        if (compound_id, kind.name) in used or compound_id not in compounds:
            continue
        used.add((compound_id, kind.name))
        compound = compounds[compound_id]
        if not by_building:
            return compound, []
        chosen = [b for c, b in hot if c == compound_id and b][:3]
        return compound, [b for b in buildings_of[compound_id] if b.pk in chosen]
    pool = sorted((c for c in compounds.values() if (c.pk, kind.name) not in used), key=lambda c: c.pk)
    compound = rng.choice(pool)
    used.add((compound.pk, kind.name))
    inside = buildings_of.get(compound.pk, [])
    return compound, (rng.sample(inside, min(2, len(inside))) if by_building and inside else [])


def _funding(rng: random.Random, kind: str, budget: int) -> list[tuple[str, int, str]]:
    if kind in ("健身器材更新", "无障碍设施"):
        first = "party"
    elif budget <= 100_000:
        first = rng.choice(("welfare", "party", "district"))
    else:
        first = "district"
    if rng.random() < 0.5:
        return [(first, budget, "")]
    second = rng.choice([s for s in SOURCES if s != first])
    share = rng.randint(5, 8) * budget // 10 // 1000 * 1000
    return [(first, share, ""), (second, budget - share, "")]


def _timeline(
    rng: random.Random, opens: date, closes: date, fate: str
) -> tuple[datetime, dict[str, datetime]]:
    proposed = opens + timedelta(days=rng.randrange((closes - opens).days - 5))
    steps = {"submit": _at(proposed + timedelta(days=rng.randint(1, 4)), 15)}
    if fate == "collecting":
        return _at(proposed), {}
    if fate in ("rejected", "reviewing"):
        return _at(proposed), steps | (
            {"reject": _at(closes + timedelta(days=rng.randint(3, 12)))} if fate == "rejected" else {}
        )
    if fate == "cancelled":
        return _at(proposed), {"cancel": _at(proposed + timedelta(days=rng.randint(2, 6)), 16)}
    approved = closes + timedelta(days=rng.randint(3, 12))
    steps["approve"] = _at(approved)
    steps["milestone_add"] = _at(approved + timedelta(days=1), 11)
    if fate == "approved":
        return _at(proposed), steps
    started = approved + timedelta(days=rng.randint(5, 15))
    steps["start"] = _at(started, 9)
    if fate == "implementing":
        return _at(proposed), steps
    completed = started + timedelta(days=rng.randint(15, 50))
    steps["milestone_done"] = _at(completed, 16)
    steps["photo"] = _at(completed, 17)
    steps["accept"] = _at(completed + timedelta(days=rng.randint(1, 5)), 10)
    return _at(proposed), steps


def _plans(rng: random.Random, types: dict[str, ProjectType]) -> list[Plan]:
    compounds = {
        c.pk: c
        for c in Compound.objects.filter(kind=Compound.Kind.APARTMENT).select_related(
            "community", "property_project"
        )
    }
    buildings_of: dict[int, list[Building]] = defaultdict(list)
    for building in Building.objects.filter(compound_id__in=compounds).order_by("compound_id", "id"):
        buildings_of[building.compound_id].append(building)
    plans: list[Plan] = []
    leak = next(c.pk for c in compounds.values() if c.name == LEAK_COMPOUND)
    used: set = {(leak, "房屋漏雨修缮")}  # the story's roofs
    for index, (_, opens, closes, size, fates) in enumerate(BATCHES):
        kinds = [name for name, _, counts, *_ in TYPES for _ in range(counts[index])]
        if index == 0:
            kinds.remove("房屋漏雨修缮")  # the story is the first batch's fifth roof
        if len(kinds) + (index == 0) != size:
            raise ValueError(f"batch {index + 1}: {len(kinds)} types for {size} projects")
        rng.shuffle(kinds)
        outcomes = [fate for fate, n in fates.items() for _ in range(n)]
        if index == 0:
            outcomes.remove("accepted")
        rng.shuffle(outcomes)
        hot_cache = {}
        for name, outcome in zip(kinds, outcomes, strict=True):
            _, _, _, by_building, (low, high) = next(t for t in TYPES if t[0] == name)
            kind = types[name]
            if name not in hot_cache:
                hot_cache[name] = _hot_places(kind, date(opens.year - 1, opens.month, 1), opens, by_building)
            compound, buildings = _places(
                rng, kind, by_building, hot_cache[name], used, compounds, buildings_of
            )
            budget = rng.randint(low, high) * 1000
            proposed, steps = _timeline(rng, opens, closes, outcome)
            source, ref = _source(rng, name, compound, buildings, kind)
            plans.append(
                Plan(
                    index,
                    name,
                    compound,
                    buildings,
                    outcome,
                    proposed,
                    budget,
                    _funding(rng, name, budget),
                    source,
                    ref,
                    steps=steps,
                )
            )
    plans.append(_story(compounds, buildings_of))
    return plans


def _source(rng, name, compound, buildings, kind) -> tuple[str, str]:
    place = compound.name + ("、".join(f"{b.number}号楼" for b in buildings) if buildings else "")
    if compound.community.name == FOCUS_COMMUNITY:
        return "topic", f"大槐树下唠家常议题：{place}{name}"
    if name in ("健身器材更新", "无障碍设施", "停车位施划"):
        return "proposal", ""
    if name == "房屋漏雨修缮" and rng.random() < 0.5:
        return "register", f"{compound.community.name}漏雨点位共享表：{place}"
    category = kind.category.name if kind.category else name
    return "recurring", f"{place} {category} 反复诉求点位"


def _story(compounds, buildings_of) -> Plan:
    compound = next(c for c in compounds.values() if c.name == LEAK_COMPOUND)
    buildings = [b for b in buildings_of[compound.pk] if b.number in LEAK_BUILDINGS]
    steps = {
        "submit": _at(date(2024, 4, 9), 15),
        "approve": _at(date(2024, 4, 12)),
        "milestone_add": _at(date(2024, 4, 12), 11),
        "start": _at(date(2024, 4, 15), 9),
        "milestone_done": _at(date(2024, 5, 31), 16),
        "photo": _at(date(2024, 5, 31), 17),
        "accept": _at(date(2024, 6, 3)),
    }
    return Plan(
        0, "房屋漏雨修缮", compound, buildings, "accepted", _at(date(2024, 4, 9)), 360_000,
        [("other", 360_000, "应急公共维修资金")], "whistle", story=True, steps=steps,
    )  # fmt: skip


class Cast:
    def __init__(self):
        plan = build_street()
        self.centre = User.objects.filter(role=Role.DISPATCHER, is_active=True).order_by("id").first()
        self.units = {u.name: u for u in Unit.objects.all()}
        usernames = dict(plan.unit_users)
        users = {
            u.username: u for u in User.objects.filter(username__in=set(usernames.values()), is_active=True)
        }
        self.acting = {name: users[username] for name, username in usernames.items() if username in users}
        self.workers = {}
        for user in (
            User.objects.filter(role=Role.COMMUNITY, is_active=True, unit__kind=Unit.Kind.COMMUNITY)
            .select_related("unit")
            .order_by("id")
        ):
            self.workers.setdefault(user.unit.community_id, user)
        nanyuan = User.objects.filter(unit__name=NANYUAN, is_active=True).first()
        if nanyuan is not None:
            self.acting[NANYUAN] = nanyuan

    def owner(self, plan: Plan) -> Unit:
        if plan.story:
            return self.units.get(NANYUAN) or self.units[FALLBACK_OWNER]
        name = OWNER[plan.type]
        if name == "project":
            return plan.compound.property_project or self.units[FALLBACK_OWNER]
        return self.units.get(name) or self.units[FALLBACK_OWNER]

    def owner_user(self, unit: Unit) -> User:
        return self.acting.get(unit.name, self.centre)

    def proposer(self, plan: Plan) -> User:
        return self.workers.get(plan.compound.community_id, self.centre)


def _play(
    plan: Plan, batch: Batch, kind: ProjectType, cast: Cast, rng: random.Random, now: datetime
) -> Project | None:
    if plan.proposed_at > now:
        return None
    proposer = cast.proposer(plan)
    whistle = Whistle.objects.filter(title=STORY_TITLE).first() if plan.story else None
    source, ref = plan.source, plan.source_ref
    if plan.story and whistle is None:
        source, ref = "register", f"{plan.compound.community.name}漏雨点位共享表：{plan.compound.name}"
    alert = None
    if source == "recurring" and kind.category_id:
        alert = (
            Alert.objects.filter(
                compound=plan.compound, category=kind.category, raised_at__lt=plan.proposed_at
            )
            .order_by("-raised_at")
            .first()
        )
        source = "alert" if alert else source
    owner = cast.owner(plan)
    places = [(plan.compound, b) for b in plan.buildings] or [(plan.compound, None)]
    place_name = plan.compound.name + (
        "、".join(f"{b.number}号" for b in plan.buildings) + "楼" if plan.buildings else ""
    )
    project = services.project_propose(
        actor=proposer, batch=batch, title=f"{place_name}{plan.type}", type=kind,
        description=f"{place_name}{kind.category.name if kind.category else plan.type}问题反复出现，申请{plan.type}。",
        community=plan.compound.community, places=places, source_kind=source, source_alert=alert,
        source_whistle=whistle, source_ref=ref, budget=plan.budget, funding=plan.funding,
        owner_unit=owner, photos=[_photo(rng)], now=plan.proposed_at,
    )  # fmt: skip
    worker, centre, doer = proposer, cast.centre, cast.owner_user(owner)
    pk = project.pk
    for step, moment in sorted(plan.steps.items(), key=lambda item: item[1]):
        if moment > now:
            break
        if step == "submit":
            services.project_submit(project_id=pk, actor=worker, now=moment)
        elif step == "reject":
            services.project_reject(
                project_id=pk, actor=centre, reason="经评审，不属于公共部位或已纳入其他计划。", now=moment
            )
        elif step == "cancel":
            services.project_cancel(project_id=pk, actor=worker, reason="与其他项目重复，撤回。", now=moment)
        elif step == "approve":
            services.project_approve(
                project_id=pk, actor=centre, owner_unit=owner, note="经街道工委会评审立项。", now=moment
            )
        elif step == "milestone_add":
            start = plan.steps.get("start", moment + timedelta(days=10)).date()
            due = (
                plan.steps["milestone_done"].date()
                if "milestone_done" in plan.steps
                else start + timedelta(days=20)
            )
            services.project_milestone_add(
                project_id=pk, actor=centre, title="主体施工完成", due_on=due, now=moment
            )
        elif step == "start":
            services.project_start(project_id=pk, actor=doer, now=moment)
        elif step == "milestone_done":
            milestone = project.milestones.get()
            services.project_milestone_done(project_id=pk, actor=doer, milestone_id=milestone.pk, now=moment)
        elif step == "photo":
            services.project_photos_add(
                project_id=pk, actor=doer, photos=[_photo(rng)], role=PHOTO_AFTER, now=moment
            )
        elif step == "accept":
            services.project_accept(
                project_id=pk,
                actor=centre,
                completed_on=plan.steps["photo"].date(),
                note="现场验收合格。",
                now=moment,
            )
    return project


def projects_demo_seed(context: DemoContext) -> str:
    cast = Cast()
    if cast.centre is None:
        return "主动治理：没有指挥中心账号，跳过。"
    rng = random.Random(f"jiesu-projects-{context.seed}")
    types = _types()
    batches = [
        Batch.objects.get_or_create(name=name, defaults={"year": opens.year, "opens_on": opens, "closes_on": closes,
                                    "note": "街道主动治理项目征集（未诉先办）。"})[0]
        for name, opens, closes, *_ in BATCHES
    ]  # fmt: skip
    plans = _plans(rng, types)
    story = None
    for plan in sorted(plans, key=lambda p: p.proposed_at):
        project = _play(plan, batches[plan.batch], types[plan.type], cast, rng, context.now)
        if plan.story and project is not None:
            story = Project.objects.get(pk=project.pk)
    flagged = services.project_deadline_scan(now=context.now)["escalated"]  # as the periodic scan would
    projects = Project.objects.filter(batch__in=batches)
    accepted = projects.filter(status="accepted").count()
    money = FundingLine.objects.filter(
        project__in=projects.filter(status__in=["approved", "implementing", "accepted"])
    ).aggregate(t=Sum("amount"))["t"] or Decimal(0)
    told = ""
    if story is not None and story.status == "accepted":
        effect = project_effect(project=story, today=timezone.localtime(context.now).date())
        if effect and effect.months:
            told = f"；阳光星苑屋面防水完工后 {effect.months} 个月漏雨诉求 {effect.after} 件（上年同期 {effect.before} 件）"
    if flagged:
        told += f"；逾期节点督办 {flagged} 个"
    return f"主动治理：{len(batches)} 个批次 {projects.count()} 个项目（已验收 {accepted} 个），立项资金 {money / 10000:.1f} 万元{told}。"
