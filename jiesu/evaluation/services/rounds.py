"""Evaluation rounds: create one over a period with a fixed indicator version, close it, reopen it."""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import TransitionNotAllowed, ValidationFailed
from jiesu.core.events import event_record
from jiesu.core.steps import perform_step
from jiesu.evaluation.lock_objects import round_lock
from jiesu.evaluation.models import IndicatorSystem, Round, RoundEvent
from jiesu.evaluation.states import ROUND, InspectionStatus, RoundAction, RoundStatus

STALE = "该考评轮次已被他人修改，请刷新后重试。"


def round_create(
    *,
    name: str,
    period_start: date,
    period_end: date,
    actor,
    system_id: int | None = None,
    at: datetime | None = None,
) -> Round:
    if actor is not None:
        access.ensure(actor, RoundAction.CREATE, Round)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("请填写轮次名称，如「2024年第二季度」。")
    if len(name) > 50:
        raise ValidationFailed("轮次名称不能超过 50 个字。")
    if period_start > period_end:
        raise ValidationFailed("考评期的开始日期不能晚于结束日期。")
    systems = IndicatorSystem.objects.order_by("-version")
    system = systems.filter(pk=system_id).first() if system_id else systems.first()
    if system is None:
        raise ValidationFailed("指标体系不存在，请先在后台维护指标体系。")
    if not system.total_score:
        raise ValidationFailed(f"{system}还没有指标，不能用于考评。")
    now = at or timezone.now()
    try:
        with transaction.atomic():
            created = Round.objects.create(
                name=name,
                system=system,
                period_start=period_start,
                period_end=period_end,
                created_by=actor,
                created_at=now,
            )
            event_record(
                RoundEvent,
                kind=RoundAction.CREATE,
                actor=actor,
                new={"name": name, "system": system.version, "period": [period_start, period_end]},
                at=now,
                round=created,
            )
    except IntegrityError as duplicate:
        raise ValidationFailed(f"已有名为「{name}」的考评轮次。") from duplicate
    return created


def round_close(
    *, round_id: int, actor, note: str = "", expected_version: int | None = None, at: datetime | None = None
) -> Round:
    """End a round. Every inspection in it must have been submitted first."""

    def change(obj: Round) -> tuple[dict, dict]:
        drafts = obj.inspections.filter(status=InspectionStatus.DRAFT).count()
        if drafts:
            raise TransitionNotAllowed(f"本轮还有 {drafts} 个检查未提交，提交后才能结束考评。")
        obj.closed_at = at or timezone.now()
        return {"closed_at": None}, {"closed_at": obj.closed_at}

    return perform_step(
        lock=lambda: round_lock(round_id=round_id), machine=ROUND, action=RoundAction.CLOSE, actor=actor,
        change=change, event_model=RoundEvent, subject="round", note=note, at=at,
        expected_version=expected_version, stale_message=STALE,
    )  # fmt: skip


def round_reopen(
    *, round_id: int, actor, note: str = "", expected_version: int | None = None, at: datetime | None = None
) -> Round:
    def change(obj: Round) -> tuple[dict, dict]:
        old = {"closed_at": obj.closed_at}
        obj.closed_at = None
        return old, {"closed_at": None}

    return perform_step(
        lock=lambda: round_lock(round_id=round_id), machine=ROUND, action=RoundAction.REOPEN, actor=actor,
        change=change, event_model=RoundEvent, subject="round", note=note, at=at,
        expected_version=expected_version, stale_message=STALE,
    )  # fmt: skip


def ensure_round_open(obj: Round) -> None:
    if obj.status != RoundStatus.OPEN:
        raise TransitionNotAllowed(f"「{obj.name}」已结束，不能再修改其检查。")
