"""The problem ledger (问题台账): 专家点 → 现场查 → 立行改 → 回头看, each step one audited event.

    ledger_item_point      the evaluator records a finding of an inspection (专家点)
    ledger_item_verify     the street or the community confirms it on site (现场查) → deadline set
    ledger_item_dismiss    … or finds it is not so (核查不属实)
    ledger_item_rectify    the project reports the fix with text and photos (立行改)
    ledger_item_confirm    N days later the evaluator, the community or the street confirms (回头看)
    ledger_item_reopen     … or sends it back for another fix with a new deadline
    ledger_scan            overdue items are escalated once per deadline (督办), by the periodic scan

Photos are checked, stripped and stored through `core.photos` inside the same transaction.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import TransitionNotAllowed, ValidationFailed
from jiesu.core.events import event_record
from jiesu.core.photos import photo_attach, photo_clean
from jiesu.core.steps import perform_step
from jiesu.evaluation.deadlines import lookback_date_compute, rectify_due_compute
from jiesu.evaluation.lock_objects import inspection_lock, ledger_item_lock
from jiesu.evaluation.models import Indicator, LedgerEvent, LedgerItem, Severity
from jiesu.evaluation.services.rounds import ensure_round_open
from jiesu.evaluation.states import INSPECTION, LEDGER, InspectionAction, LedgerAction, LedgerStatus
from jiesu.places.models import Building, Compound

STALE = "该问题已被他人处理，请刷新后重试。"
MAX_PHOTOS = 6
MAX_TEXT = 1000


def _text(value: str, *, label: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(f"请填写{label}。")
    if len(value) > MAX_TEXT:
        raise ValidationFailed(f"{label}不能超过 {MAX_TEXT} 字。")
    return value


def _checked_photos(photos: Sequence, *, required: bool = False) -> list:
    photos = [photo for photo in photos or () if photo]
    if required and not photos:
        raise ValidationFailed("请上传至少一张整改后的照片作为佐证。")
    if len(photos) > MAX_PHOTOS:
        raise ValidationFailed(f"一次最多上传 {MAX_PHOTOS} 张照片。")
    for photo in photos:
        photo_clean(photo)  # every photo is checked before anything is written
    return photos


def _attach(item: LedgerItem, photos: list, *, actor, role: str) -> list[int]:
    return [photo_attach(subject=item, upload=photo, actor=actor, role=role).pk for photo in photos]


def ledger_item_point(
    *,
    inspection_id: int,
    compound_id: int,
    description: str,
    severity: str,
    actor,
    building_id: int | None = None,
    indicator_id: int | None = None,
    photos: Sequence = (),
    at: datetime | None = None,
) -> LedgerItem:
    """专家点: a finding of a draft inspection becomes a ledger item of the inspected project."""
    description = _text(description, label="问题描述")
    if severity not in Severity.values:
        raise ValidationFailed("请选择严重程度（一般、较重或严重）。")
    photos = _checked_photos(photos)
    now = at or timezone.now()
    with transaction.atomic():
        inspection = inspection_lock(inspection_id=inspection_id)
        INSPECTION.target(InspectionAction.FIND, inspection.status)
        access.ensure(actor, InspectionAction.FIND, inspection)
        ensure_round_open(inspection.round)
        compound = Compound.objects.filter(pk=compound_id, property_project_id=inspection.project_id).first()
        if compound is None:
            raise ValidationFailed("请选择本物业服务项目管理的小区。")
        building = None
        if building_id:
            building = Building.objects.filter(pk=building_id, compound=compound).first()
            if building is None:
                raise ValidationFailed("所选楼栋不在该小区。")
        indicator = None
        if indicator_id:
            indicator = Indicator.objects.filter(
                pk=indicator_id, category__system_id=inspection.round.system_id
            ).first()
            if indicator is None:
                raise ValidationFailed("所选指标不属于本轮的指标体系。")
        item = LedgerItem.objects.create(
            inspection=inspection,
            round_id=inspection.round_id,
            project_id=inspection.project_id,
            indicator=indicator,
            community_id=compound.community_id,
            compound=compound,
            building=building,
            description=description,
            severity=severity,
            pointed_by=actor,
            pointed_at=now,
        )
        photo_ids = _attach(item, photos, actor=actor, role="发现")
        event_record(
            LedgerEvent,
            kind=LedgerAction.POINT,
            actor=actor,
            new={
                "status": item.status, "severity": severity, "compound": compound.pk,
                "building": building_id or None, "indicator": indicator_id or None, "photos": photo_ids,
            },
            note=description,
            at=now,
            item=item,
        )  # fmt: skip
    return item


def _run(item_id: int, action: str, actor, change, *, note: str, expected_version, at) -> LedgerItem:
    return perform_step(
        lock=lambda: ledger_item_lock(item_id=item_id), machine=LEDGER, action=action, actor=actor,
        change=change, event_model=LedgerEvent, subject="item", note=note,
        expected_version=expected_version, at=at, stale_message=STALE,
    )  # fmt: skip


def ledger_item_verify(
    *,
    item_id: int,
    actor,
    note: str = "",
    severity: str | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> LedgerItem:
    """现场查: confirmed on site; the rectification deadline runs from today by severity (rules)."""
    note = _text(note, label="核查情况", required=False)
    if severity and severity not in Severity.values:
        raise ValidationFailed("请选择严重程度（一般、较重或严重）。")
    now = at or timezone.now()

    def change(item: LedgerItem) -> tuple[dict, dict]:
        old = {"severity": item.severity, "rectify_due": item.rectify_due}
        item.severity = severity or item.severity
        item.verified_at = now
        item.rectify_due = rectify_due_compute(start=now, severity=item.severity)
        item.escalation_level = 0
        return old, {"severity": item.severity, "rectify_due": item.rectify_due}

    return _run(
        item_id, LedgerAction.VERIFY, actor, change, note=note, expected_version=expected_version, at=now
    )


def ledger_item_dismiss(
    *, item_id: int, actor, note: str, expected_version: int | None = None, at: datetime | None = None
) -> LedgerItem:
    """现场查 finds the problem is not so: the item ends without a rectification."""
    note = _text(note, label="不属实的理由")
    now = at or timezone.now()

    def change(item: LedgerItem) -> tuple[dict, dict]:
        item.verified_at = now
        return {}, {}

    return _run(
        item_id, LedgerAction.DISMISS, actor, change, note=note, expected_version=expected_version, at=now
    )


def ledger_item_rectify(
    *,
    item_id: int,
    actor,
    rectification: str,
    photos: Sequence,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> LedgerItem:
    """立行改: the project reports what it fixed, with photos; the look-back date follows (rules)."""
    rectification = _text(rectification, label="整改情况")
    photos = _checked_photos(photos, required=True)
    now = at or timezone.now()

    def change(item: LedgerItem) -> tuple[dict, dict]:
        old = {"rectified_at": item.rectified_at, "late": item.late, "lookback_due": item.lookback_due}
        late_now = item.rectify_due is not None and now > item.rectify_due
        item.rectified_at = now
        item.rectification = rectification
        item.late = item.late or late_now
        item.lookback_due = lookback_date_compute(rectified_at=now, severity=item.severity)
        photo_ids = _attach(item, photos, actor=actor, role="整改")
        new = {"rectified_at": now, "late": item.late, "lookback_due": item.lookback_due, "photos": photo_ids}
        return old, new

    return _run(
        item_id,
        LedgerAction.RECTIFY,
        actor,
        change,
        note=rectification,
        expected_version=expected_version,
        at=now,
    )


def _ensure_lookback_time(item: LedgerItem, now: datetime) -> None:
    if item.lookback_due and timezone.localtime(now).date() < item.lookback_due:
        raise TransitionNotAllowed(
            f"整改完成后须满回头看间隔，{item.lookback_due:%Y-%m-%d} 起方可回头看销号。"
        )


def ledger_item_confirm(
    *,
    item_id: int,
    actor,
    note: str = "",
    photos: Sequence = (),
    expected_version: int | None = None,
    at: datetime | None = None,
) -> LedgerItem:
    """回头看: the fix has held for N days; the item is closed (销号)."""
    note = _text(note, label="回头看情况", required=False)
    photos = _checked_photos(photos)
    now = at or timezone.now()

    def change(item: LedgerItem) -> tuple[dict, dict]:
        _ensure_lookback_time(item, now)
        item.closed_at = now
        return {"closed_at": None}, {
            "closed_at": now,
            "photos": _attach(item, photos, actor=actor, role="复查"),
        }

    return _run(
        item_id, LedgerAction.CONFIRM, actor, change, note=note, expected_version=expected_version, at=now
    )


def ledger_item_reopen(
    *,
    item_id: int,
    actor,
    note: str,
    photos: Sequence = (),
    expected_version: int | None = None,
    at: datetime | None = None,
) -> LedgerItem:
    """回头看 finds the problem back: another rectification, with a new deadline from today."""
    note = _text(note, label="重新整改的理由")
    photos = _checked_photos(photos)
    now = at or timezone.now()

    def change(item: LedgerItem) -> tuple[dict, dict]:
        old = {
            "rectify_due": item.rectify_due,
            "lookback_due": item.lookback_due,
            "reopen_count": item.reopen_count,
        }
        item.rectify_due = rectify_due_compute(start=now, severity=item.severity)
        item.lookback_due = None
        item.reopen_count += 1
        item.escalation_level = 0
        new = {
            "rectify_due": item.rectify_due, "lookback_due": None, "reopen_count": item.reopen_count,
            "photos": _attach(item, photos, actor=actor, role="复查"),
        }  # fmt: skip
        return old, new

    return _run(
        item_id, LedgerAction.REOPEN, actor, change, note=note, expected_version=expected_version, at=now
    )


@dataclass
class ScanResult:
    overdue: int = 0
    escalated: int = 0

    def as_dict(self) -> dict:
        return {"ledger_overdue": self.overdue, "ledger_escalated": self.escalated}


def ledger_scan(*, now: datetime | None = None) -> ScanResult:
    """Escalate (督办) every item past its rectification deadline, once per deadline.

    Safe to run as often as wanted: the level is read under the item's row lock, and a reopen
    (a new deadline) resets it."""
    now = now or timezone.now()
    result = ScanResult()
    overdue = LedgerItem.objects.filter(status=LedgerStatus.RECTIFYING, rectify_due__lt=now)
    for item_id in overdue.order_by("pk").values_list("pk", flat=True):
        result.overdue += 1
        with transaction.atomic():
            item = ledger_item_lock(item_id=item_id)
            if item.status != LedgerStatus.RECTIFYING or item.escalation_level or item.rectify_due >= now:
                continue

            def change(locked: LedgerItem) -> tuple[dict, dict]:
                locked.escalation_level = 1
                return {"escalation_level": 0}, {"escalation_level": 1}

            _run(
                item_id, LedgerAction.ESCALATE, None, change,
                note=f"整改已超过时限（{timezone.localtime(item.rectify_due):%Y-%m-%d}），自动督办。",
                expected_version=None, at=now,
            )  # fmt: skip
            result.escalated += 1
    return result
