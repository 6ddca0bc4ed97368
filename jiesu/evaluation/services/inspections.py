"""Inspections: start one for a project in a round, score the indicators, submit, reopen.

A score is the indicator's maximum minus its deduction; the inspection's score is the sum, kept
on the inspection whenever a deduction changes. Findings are recorded as ledger items
(`services.ledger.ledger_item_point`).
"""

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import ValidationFailed
from jiesu.core.events import event_record
from jiesu.core.steps import perform_step
from jiesu.evaluation.lock_objects import inspection_lock, round_lock
from jiesu.evaluation.models import Indicator, Inspection, InspectionEvent, Score
from jiesu.evaluation.services.rounds import ensure_round_open
from jiesu.evaluation.states import INSPECTION, InspectionAction
from jiesu.units.models import Unit

STALE = "该检查已被他人修改，请刷新后重试。"
TENTH = Decimal("0.1")


def inspection_start(
    *, round_id: int, project_id: int, actor, inspected_on: date | None = None, at: datetime | None = None
) -> Inspection:
    """A draft inspection with every indicator at full marks, by `actor` as the evaluator."""
    access.ensure(actor, InspectionAction.START, Inspection)
    now = at or timezone.now()
    with transaction.atomic():
        evaluation_round = round_lock(round_id=round_id)
        ensure_round_open(evaluation_round)
        project = Unit.objects.filter(pk=project_id, kind=Unit.Kind.PROPERTY_PROJECT, is_active=True).first()
        if project is None:
            raise ValidationFailed("只能检查在册的物业服务项目。")
        if Inspection.objects.filter(round=evaluation_round, project=project).exists():
            raise ValidationFailed(f"「{project.name}」在{evaluation_round.name}已有检查记录。")
        indicators = list(Indicator.objects.filter(category__system_id=evaluation_round.system_id))
        total = sum((indicator.max_score for indicator in indicators), Decimal("0"))
        try:
            with transaction.atomic():
                inspection = Inspection.objects.create(
                    round=evaluation_round,
                    project=project,
                    evaluator=actor,
                    inspected_on=inspected_on or timezone.localtime(now).date(),
                    score=total,
                    max_score=total,
                    created_at=now,
                )
        except IntegrityError as duplicate:
            raise ValidationFailed(
                f"「{project.name}」在{evaluation_round.name}已有检查记录。"
            ) from duplicate
        Score.objects.bulk_create(
            Score(inspection=inspection, indicator=indicator) for indicator in indicators
        )
        event_record(
            InspectionEvent,
            kind=InspectionAction.START,
            actor=actor,
            new={"status": inspection.status, "score": total, "inspected_on": inspection.inspected_on},
            at=now,
            inspection=inspection,
        )
    return inspection


def _deduction(value) -> Decimal:
    try:
        number = Decimal(str(value).strip() or "0")
    except InvalidOperation as bad:
        raise ValueError from bad
    if not number.is_finite():
        raise ValueError
    return number


def inspection_score(
    *,
    inspection_id: int,
    deductions: Mapping[int, tuple[object, str]],
    actor,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Inspection:
    """Set deductions {indicator id: (deduction, reason)}; indicators left out keep theirs.

    Every deduction is checked before anything is written: 0 ≤ deduction ≤ the indicator's
    maximum, at most one decimal, and a reason whenever points are taken off."""

    def change(inspection: Inspection) -> tuple[dict, dict]:
        ensure_round_open(inspection.round)
        scores = {s.indicator_id: s for s in inspection.scores.select_related("indicator")}
        errors, updates = [], []
        for indicator_id, (raw, reason) in deductions.items():
            score = scores.get(int(indicator_id))
            if score is None:
                raise ValidationFailed("评分表中有不属于本轮指标体系的指标，请刷新后重试。")
            code, top = score.indicator.code, score.indicator.max_score
            reason = (reason or "").strip()
            try:
                value = _deduction(raw)
            except ValueError:
                errors.append(f"{code} 扣分应为数字")
                continue
            if value < 0:
                errors.append(f"{code} 扣分不能为负数")
            elif value > top:
                errors.append(f"{code} 扣分不能超过该项分值 {top} 分")
            elif value != value.quantize(TENTH):
                errors.append(f"{code} 扣分最多保留一位小数")
            elif value > 0 and not reason:
                errors.append(f"{code} 扣了分，请写明扣分原因")
            elif len(reason) > 300:
                errors.append(f"{code} 扣分原因不能超过 300 字")
            elif (value, reason) != (score.deduction, score.reason):
                updates.append((score, value.quantize(TENTH), reason))
        if errors:
            raise ValidationFailed("评分未保存：" + "；".join(errors) + "。")
        old, new = {}, {}
        for score, value, reason in updates:
            old[score.indicator.code] = [score.deduction, score.reason]
            new[score.indicator.code] = [value, reason]
            score.deduction, score.reason = value, reason
        Score.objects.bulk_update([score for score, _, _ in updates], ["deduction", "reason"])
        deducted = inspection.scores.aggregate(total=Sum("deduction"))["total"] or Decimal("0")
        if inspection.max_score - deducted != inspection.score:
            old["score"], new["score"] = inspection.score, inspection.max_score - deducted
            inspection.score = inspection.max_score - deducted
        return old, new

    return perform_step(
        lock=lambda: inspection_lock(inspection_id=inspection_id), machine=INSPECTION,
        action=InspectionAction.SCORE, actor=actor, change=change, event_model=InspectionEvent,
        subject="inspection", expected_version=expected_version, at=at, stale_message=STALE,
    )  # fmt: skip


def inspection_submit(
    *,
    inspection_id: int,
    actor,
    inspected_on: date | None = None,
    summary: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Inspection:
    now = at or timezone.now()

    def change(inspection: Inspection) -> tuple[dict, dict]:
        ensure_round_open(inspection.round)
        day = inspected_on or inspection.inspected_on
        if day > timezone.localtime(now).date():
            raise ValidationFailed("检查日期不能晚于今天。")
        if len(summary) > 2000:
            raise ValidationFailed("总体评价不能超过 2000 字。")
        old = {"inspected_on": inspection.inspected_on, "submitted_at": inspection.submitted_at}
        inspection.inspected_on, inspection.submitted_at = day, now
        inspection.summary = summary.strip() or inspection.summary
        return old, {"inspected_on": day, "submitted_at": now, "score": inspection.score}

    return perform_step(
        lock=lambda: inspection_lock(inspection_id=inspection_id), machine=INSPECTION,
        action=InspectionAction.SUBMIT, actor=actor, change=change, event_model=InspectionEvent,
        subject="inspection", expected_version=expected_version, at=now, stale_message=STALE,
    )  # fmt: skip


def inspection_reopen(
    *, inspection_id: int, actor, note: str, expected_version: int | None = None, at: datetime | None = None
) -> Inspection:
    """Send a submitted inspection back for correction (the centre; the round must be open)."""
    note = (note or "").strip()
    if not note:
        raise ValidationFailed("请说明退回修改的原因。")

    def change(inspection: Inspection) -> tuple[dict, dict]:
        ensure_round_open(inspection.round)
        old = {"submitted_at": inspection.submitted_at}
        inspection.submitted_at = None
        return old, {"submitted_at": None}

    return perform_step(
        lock=lambda: inspection_lock(inspection_id=inspection_id), machine=INSPECTION,
        action=InspectionAction.REOPEN, actor=actor, change=change, event_model=InspectionEvent,
        subject="inspection", note=note, expected_version=expected_version, at=at, stale_message=STALE,
    )  # fmt: skip
