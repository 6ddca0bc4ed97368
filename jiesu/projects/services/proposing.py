"""Proposing a project (征集): a community (for itself) or the centre, within a batch's window."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import NotPermitted, ValidationFailed
from jiesu.core.events import event_record
from jiesu.core.photos import photo_attach
from jiesu.hotspots.models import Alert
from jiesu.places.models import Building, Community, Compound
from jiesu.projects.models import (
    Batch,
    FundingLine,
    FundingSource,
    Project,
    ProjectEvent,
    ProjectEventKind,
    ProjectPlace,
    ProjectType,
    SourceKind,
)
from jiesu.projects.states import ProjectStatus
from jiesu.units.models import Unit
from jiesu.whistles.models import Whistle
from jiesu.whistles.services.inputs import photos_checked, text_clean

MAX_AMOUNT = Decimal("99999999.99")
PHOTO_BEFORE, PHOTO_AFTER = "实施前", "实施后"


def money(value, *, label: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError) as error:
        raise ValidationFailed(f"{label}应为金额（元）。") from error
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ValidationFailed(f"{label}应在 0 至 {MAX_AMOUNT} 元之间。")
    return amount


def funding_clean(lines: Sequence[tuple]) -> list[tuple[str, Decimal, str]]:
    """[(source, amount, note)], each source once, amounts in yuan."""
    cleaned, seen = [], set()
    for source, amount, note in lines:
        if source not in FundingSource.values:
            raise ValidationFailed("请选择资金来源。")
        if source in seen:
            raise ValidationFailed(f"资金来源「{FundingSource(source).label}」重复。")
        seen.add(source)
        label = FundingSource(source).label
        cleaned.append(
            (
                source,
                money(amount, label=label),
                text_clean(note, label="资金说明", limit=100, required=False),
            )
        )
    return cleaned


def places_clean(community: Community, places: Sequence[tuple]) -> list[tuple[Compound, Building | None]]:
    if not places:
        raise ValidationFailed("请至少选择一个小区。")
    cleaned, seen = [], set()
    for compound, building in places:
        if compound is None or compound.community_id != community.pk:
            raise ValidationFailed("项目地点须是本社区的小区。")
        if building is not None and building.compound_id != compound.pk:
            raise ValidationFailed(f"{compound.name}没有这个楼栋。")
        key = (compound.pk, building.pk if building else None)
        if key not in seen:
            seen.add(key)
            cleaned.append((compound, building))
    return cleaned


def _source_checked(actor, kind: str, alert: Alert | None, whistle: Whistle | None, ref: str) -> str:
    if kind not in SourceKind.values:
        raise ValidationFailed("请选择项目来源。")
    ref = text_clean(
        ref,
        label="来源说明",
        limit=200,
        required=kind in (SourceKind.RECURRING, SourceKind.REGISTER, SourceKind.TOPIC),
    )
    if kind == SourceKind.ALERT and (alert is None or not access.can(actor, "view", alert)):
        raise ValidationFailed("请选择您可查看的热点预警。")
    if kind == SourceKind.WHISTLE and (whistle is None or not access.can(actor, "view", whistle)):
        raise ValidationFailed("请选择您可查看的吹哨。")
    return ref


def project_propose(
    *,
    actor,
    batch: Batch,
    title: str,
    type: ProjectType,
    description: str,
    community: Community,
    places: Sequence[tuple],
    source_kind: str,
    source_alert: Alert | None = None,
    source_whistle: Whistle | None = None,
    source_ref: str = "",
    budget=0,
    funding: Sequence[tuple] = (),
    owner_unit: Unit | None = None,
    photos: Sequence = (),
    now: datetime | None = None,
) -> Project:
    """A proposal in a batch open for collection; it starts 征集 and waits to be submitted."""
    now = now or timezone.now()
    access.ensure(actor, "propose", Project, "只有社区工作者或指挥中心可以提出项目。")
    if not access.is_centre(actor) and access.user_community_id(actor) != community.pk:
        raise NotPermitted("只能为本社区提出项目。")
    if batch is None or not batch.is_open_on(timezone.localtime(now).date()):
        raise ValidationFailed("该批次不在征集期内。")
    if type is None or not type.is_active:
        raise ValidationFailed("请选择项目类型。")
    title = text_clean(title, label="项目名称", limit=100)
    description = text_clean(description, label="项目内容", limit=2000)
    places = places_clean(community, places)
    source_ref = _source_checked(actor, source_kind, source_alert, source_whistle, source_ref)
    budget = money(budget, label="预算")
    funding = funding_clean(funding)
    photos = photos_checked(photos)
    with transaction.atomic():
        project = Project.objects.create(
            number=f"tmp-{uuid.uuid4().hex[:24]}",
            batch=batch,
            title=title,
            type=type,
            category=type.category,
            description=description,
            community=community,
            source_kind=source_kind,
            source_alert=source_alert if source_kind == SourceKind.ALERT else None,
            source_whistle=source_whistle if source_kind == SourceKind.WHISTLE else None,
            source_ref=source_ref,
            budget=budget,
            owner_unit=owner_unit,
            proposed_by=actor,
            proposed_by_unit=actor.unit,
            proposed_at=now,
        )
        project.number = f"XM{batch.year}{project.pk:04d}"
        project.save(update_fields=["number"])
        ProjectPlace.objects.bulk_create(
            [ProjectPlace(project=project, compound=c, building=b) for c, b in places]
        )
        FundingLine.objects.bulk_create(
            [FundingLine(project=project, source=s, amount=a, note=n) for s, a, n in funding]
        )
        for photo in photos:
            photo_attach(subject=project, upload=photo, actor=actor, role=PHOTO_BEFORE)
        event_record(
            ProjectEvent,
            kind=ProjectEventKind.PROPOSED,
            actor=actor,
            new={
                "status": ProjectStatus.COLLECTING,
                "batch": batch.pk,
                "type": type.pk,
                "places": [[c.pk, b.pk if b else None] for c, b in places],
                "source": source_kind,
                "budget": budget,
                "funding": {s: a for s, a, _ in funding},
                "owner_unit": owner_unit,
                "photos": len(photos),
            },
            at=now,
            project=project,
        )
    return project
