"""The property evaluation's part of the demo street (`core.extensions.demo_seeders`).

Every property-service project is inspected each quarter from the first quarter of the demo up
to its "now"; every finding walks the ledger through the real services with the demo's times
(专家点 → 现场查 → 立行改 → 回头看; some late, some reopened, some still open), and the deadline
scan escalates what is overdue at "now". Deterministic: one random stream per seed, quarter and
project, so a slice loaded with `--from` equals the same quarters of a full load.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from jiesu.accounts.models import Role, User
from jiesu.core.extensions import DemoContext
from jiesu.core.selectors import calendar_current
from jiesu.evaluation import services
from jiesu.evaluation.demo.texts import (
    CONFIRM_NOTES,
    DISMISS_NOTES,
    FINDINGS,
    RECTIFICATIONS,
    REOPEN_NOTES,
    SUMMARIES,
    VERIFY_NOTES,
)
from jiesu.evaluation.models import Indicator, IndicatorSystem, LedgerItem, Severity
from jiesu.places.models import Compound
from jiesu.units.models import Unit

QUARTER_NAMES = ("一", "二", "三", "四")


@dataclass
class Cast:
    centre: User
    evaluator: User
    property_of: dict[int, User]  # project id → a user who acts for it
    community_of: dict[int, User]  # community id → a community worker


def _quarters(start: date, now: date) -> list[date]:
    first = date(start.year, (start.month - 1) // 3 * 3 + 1, 1)
    quarters = []
    while first <= now:
        quarters.append(first)
        first = date(first.year + (first.month + 3 > 12), (first.month + 2) % 12 + 1, 1)
    return quarters


def _quarter_end(first: date) -> date:
    following = date(first.year + (first.month + 3 > 12), (first.month + 2) % 12 + 1, 1)
    return following - timedelta(days=1)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _photo(rng: random.Random) -> SimpleUploadedFile:
    image = Image.new("RGB", (120, 90), tuple(rng.randint(150, 230) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 25, 100, 70), fill=tuple(rng.randint(40, 140) for _ in range(3)))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=70)
    return SimpleUploadedFile("demo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _cast() -> Cast | None:
    centre = User.objects.filter(role=Role.DISPATCHER, is_active=True).order_by("id").first()
    evaluator = User.objects.filter(role=Role.EVALUATOR, is_active=True).order_by("id").first()
    if centre is None or evaluator is None:
        return None
    property_of: dict[int, User] = {}
    for user in User.objects.filter(role=Role.PROPERTY, is_active=True).select_related("unit").order_by("id"):
        if user.unit and user.unit.kind == Unit.Kind.PROPERTY_PROJECT:
            property_of.setdefault(user.unit_id, user)
    for user in User.objects.filter(
        role=Role.PROPERTY, is_active=True, unit__kind=Unit.Kind.PROPERTY_COMPANY
    ):
        for project_id in Unit.objects.filter(parent_id=user.unit_id).values_list("id", flat=True):
            property_of.setdefault(project_id, user)
    community_of: dict[int, User] = {}
    for user in (
        User.objects.filter(role=Role.COMMUNITY, is_active=True).select_related("unit").order_by("id")
    ):
        if user.unit and user.unit.community_id:
            community_of.setdefault(user.unit.community_id, user)
    return Cast(centre, evaluator, property_of, community_of)


def evaluation_demo_seed(context: DemoContext) -> str:
    system = IndicatorSystem.objects.order_by("-version").first()
    cast = _cast()
    if system is None or cast is None:
        return "物业考评：缺少指标体系或评估专家账号，未生成。"
    projects = list(
        Unit.objects.filter(kind=Unit.Kind.PROPERTY_PROJECT, is_active=True, compounds__isnull=False)
        .distinct()
        .order_by("id")
    )
    places = {
        project.pk: list(
            Compound.objects.filter(property_project=project).prefetch_related("buildings").order_by("id")
        )
        for project in projects
    }
    indicators = list(Indicator.objects.filter(category__system=system).order_by("category__order", "order"))
    seeder = _Seeder(context, cast, indicators, places)
    now = timezone.localtime(context.now)
    rounds = 0
    for first in _quarters(context.start, now.date()):
        rounds += seeder.quarter(first, projects)
    escalated = services.ledger_scan(now=context.now).escalated
    items = LedgerItem.objects.count()
    return f"物业考评：{rounds} 个考评轮次、{seeder.inspections} 次检查、问题台账 {items} 项（超期督办 {escalated} 项）。"


class _Seeder:
    def __init__(self, context: DemoContext, cast: Cast, indicators: list, places: dict):
        self.context = context
        self.now = context.now
        self.cast = cast
        self.indicators = indicators
        self.places = places
        self.calendar = calendar_current()
        self.inspections = 0

    def _workday(self, day: date, offset: int) -> date:
        """The `offset`-th working day after `day` (`day` itself not counted)."""
        return self.calendar.add_working_days(day, offset)

    def quarter(self, first: date, projects: list) -> int:
        name = f"{first.year}年第{QUARTER_NAMES[(first.month - 1) // 3]}季度"
        created_at = _at(first, 9)
        if created_at >= self.now:
            return 0
        evaluation_round = services.round_create(
            name=name,
            period_start=first,
            period_end=_quarter_end(first),
            actor=self.cast.centre,
            at=created_at,
        )
        middle_month = date(first.year, first.month + 1, 1)
        all_done = True
        for index, project in enumerate(projects):
            rng = random.Random(f"evaluation-{self.context.seed}-{first.isoformat()}-{project.pk}")
            day = self._workday(middle_month - timedelta(days=1), 3 + index)
            if _at(day, 17) >= self.now:
                all_done = False
                continue
            self._inspect(
                evaluation_round,
                project,
                day,
                first,
                rng,
                # in the last two quarters some findings are never fixed (every 5th project's first)
                stuck_first=index % 5 == 0 and _quarter_end(first) + timedelta(days=100) > self.now.date(),
            )
        close_at = _at(_quarter_end(first) + timedelta(days=10), 10)
        if all_done and close_at < self.now:
            services.round_close(round_id=evaluation_round.pk, actor=self.cast.centre, at=close_at)
        return 1

    def _inspect(
        self,
        evaluation_round,
        project: Unit,
        day: date,
        first: date,
        rng: random.Random,
        *,
        stuck_first: bool,
    ) -> None:
        # each project has its own level and improves a little every quarter (the alliance's effect)
        base = random.Random(f"evaluation-quality-{self.context.seed}-{project.pk}").uniform(0.45, 0.78)
        quality = min(0.85, base + 0.01 * ((first.year - 2023) * 4 + (first.month - 1) // 3))
        started = _at(day, 9, rng.randint(0, 50))
        inspection = services.inspection_start(
            round_id=evaluation_round.pk,
            project_id=project.pk,
            actor=self.cast.evaluator,
            inspected_on=day,
            at=started,
        )
        deductions, deducted = {}, []
        for indicator in self.indicators:
            if rng.random() < 1 - quality:
                steps = int(indicator.max_score * 2 * Decimal("0.6"))
                value = Decimal(rng.randint(1, max(1, steps))) / 2
                text = rng.choice(FINDINGS[indicator.code]).replace("{b}", "")
                deductions[indicator.pk] = (value, text)
                deducted.append(indicator)
        services.inspection_score(
            inspection_id=inspection.pk,
            deductions=deductions,
            actor=self.cast.evaluator,
            at=started + timedelta(hours=2),
        )
        count = min(len(deducted), rng.choice((1, 1, 2, 2, 2, 3)))
        for order, indicator in enumerate(rng.sample(deducted, count)):
            self._finding(
                inspection,
                indicator,
                started + timedelta(minutes=20 + 25 * order),
                rng,
                stuck=stuck_first and order == 0,
            )
        services.inspection_submit(
            inspection_id=inspection.pk,
            actor=self.cast.evaluator,
            summary=rng.choice(SUMMARIES),
            at=_at(day, 17),
        )
        self.inspections += 1

    def _finding(
        self, inspection, indicator: Indicator, at: datetime, rng: random.Random, *, stuck: bool
    ) -> None:
        compound = rng.choice(self.places[inspection.project_id])
        buildings = list(compound.buildings.all())
        building = rng.choice(buildings) if buildings and rng.random() < 0.75 else None
        text = rng.choice(FINDINGS[indicator.code])
        description = text.replace("{b}", f"{building.number}号楼" if building else "")
        severity = rng.choices(Severity.values, weights=(6, 3, 1))[0]
        item = services.ledger_item_point(
            inspection_id=inspection.pk, compound_id=compound.pk, building_id=building.pk if building else None,
            indicator_id=indicator.pk, description=f"{compound.name}{description}", severity=severity,
            actor=self.cast.evaluator, at=at,
        )  # fmt: skip
        self._walk(item, rng, stuck=stuck)

    def _walk(self, item: LedgerItem, rng: random.Random, *, stuck: bool) -> None:
        """The item's life after it was pointed out, each step only if it happened before "now".

        A `stuck` item is verified but never rectified: it becomes overdue and is escalated."""
        community = self.cast.community_of.get(item.community_id) or self.cast.centre
        verifier = community if rng.random() < 0.7 else self.cast.centre
        at = _at(
            self._workday(timezone.localtime(item.pointed_at).date(), rng.randint(1, 3)), rng.randint(9, 16)
        )
        if at >= self.now:
            return
        if rng.random() < 0.04:
            services.ledger_item_dismiss(
                item_id=item.pk, actor=verifier, note=rng.choice(DISMISS_NOTES), at=at
            )
            return
        item = services.ledger_item_verify(
            item_id=item.pk, actor=verifier, note=rng.choice(VERIFY_NOTES), at=at
        )
        reopened = False
        while not stuck:
            at = self._rectify_time(item, at, rng, late=rng.random() < 0.15)
            if at >= self.now:
                return
            project_user = self.cast.property_of.get(item.project_id) or self.cast.centre
            item = services.ledger_item_rectify(
                item_id=item.pk,
                actor=project_user,
                rectification=rng.choice(RECTIFICATIONS),
                photos=[_photo(rng)],
                at=at,
            )
            at = _at(item.lookback_due + timedelta(days=rng.randint(0, 6)), rng.randint(9, 16))
            if at >= self.now:
                return
            looker = self.cast.evaluator if rng.random() < 0.6 else community
            if not reopened and rng.random() < 0.15:
                item = services.ledger_item_reopen(
                    item_id=item.pk, actor=looker, note=rng.choice(REOPEN_NOTES), at=at
                )
                reopened = True
                continue
            services.ledger_item_confirm(item_id=item.pk, actor=looker, note=rng.choice(CONFIRM_NOTES), at=at)
            return

    def _rectify_time(self, item: LedgerItem, start: datetime, rng: random.Random, *, late: bool) -> datetime:
        due = timezone.localtime(item.rectify_due).date()
        if late:
            return _at(due + timedelta(days=rng.randint(1, 8)), rng.randint(9, 17))
        span = max(0, (due - timezone.localtime(start).date()).days)
        day = timezone.localtime(start).date() + timedelta(days=rng.randint(0, span))
        moment = _at(day, rng.randint(9, 17), rng.randint(0, 59))
        return max(moment, start + timedelta(hours=2))
