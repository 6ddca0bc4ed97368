"""Keeping auto-dispatch honest on the street's own orders.

- `thresholds_calibrate`: the confidence thresholds are re-estimated from orders a dispatcher
  confirmed (dispatched and categorised by a person): the lowest confidence from which the
  suggestion was right with the target precision at a one-sided 95 % Wilson lower bound.
- `triage_guard_check`: the realised precision of the latest automatic decisions (orders the
  system dispatched; in shadow mode, orders it would have dispatched) — an order later corrected,
  reassigned or dispatched elsewhere counts as an error. When the lower confidence bound falls
  below the target, auto-dispatch pauses itself and an audited event says why.
- `triage_guard_resume`: a centre admin turns it back on (audited).
"""

import math
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.events import event_record
from jiesu.triage.core.metrics import confidence_threshold
from jiesu.triage.models import Correction, ModelVersion, TriageEvent, TriageResult, TriageSettings
from jiesu.triage.selectors import triage_caches_clear
from jiesu.workorders.states import Status

Z = 1.645  # one-sided 95 %
CALIBRATION_WINDOW = 2_000
CALIBRATION_MIN = 50
NEVER = 1.01  # a threshold no confidence reaches: decide nothing alone
WAITING = (Status.NEW, Status.RETURNED, Status.MERGED)


def wilson_lower(successes: int, total: int, z: float = Z) -> float:
    """One-sided Wilson lower bound of a proportion (0 when there is nothing to judge)."""
    if total <= 0:
        return 0.0
    share = successes / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return (centre - spread) / (1 + z * z / total)


@dataclass
class Realised:
    kind: str  # "auto" | "shadow"
    n: int = 0
    correct: int = 0
    precision: float | None = None
    lower: float | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _settings() -> TriageSettings:
    return TriageSettings.objects.get_or_create(pk=1)[0]


def realised_precision(*, kind: str, window: int) -> Realised:
    """The latest `window` decisions of `kind` whose outcome is known (the order was dispatched)."""
    rows = TriageResult.objects.exclude(order__status__in=WAITING).filter(order__lead_unit__isnull=False)
    rows = (
        rows.filter(auto_dispatched=True)
        if kind == "auto"
        else rows.filter(would_auto_dispatch=True, auto_dispatched=False)
    )
    rows = rows.annotate(corrected=Exists(Correction.objects.filter(order_id=OuterRef("order_id"))))
    latest = list(
        rows.order_by("-created_at", "-id").values(
            "category_id", "unit_id", "order__category_id", "order__lead_unit_id", "corrected"
        )[:window]
    )
    correct = sum(
        not row["corrected"]
        and row["category_id"] == row["order__category_id"]
        and row["unit_id"] == row["order__lead_unit_id"]
        for row in latest
    )
    out = Realised(kind, len(latest), correct)
    if latest:
        out.precision = round(correct / len(latest), 4)
        out.lower = round(wilson_lower(correct, len(latest)), 4)
    return out


def triage_guard_check(*, now=None) -> dict:
    """Pause auto-dispatch when the lower bound of its realised precision is under the target
    (a `deadline_scans` entry, also run after each correction). Returns what it saw."""
    settings = _settings()
    auto = realised_precision(kind="auto", window=settings.guard_window)
    shadow = realised_precision(kind="shadow", window=settings.guard_window)
    report = {"auto": auto.as_dict(), "shadow": shadow.as_dict(), "paused": settings.paused_at is not None}
    if (
        settings.auto_dispatch_enabled
        and settings.paused_at is None
        and auto.n >= settings.guard_min_decisions
        and auto.lower is not None
        and auto.lower < settings.target_precision
    ):
        reason = (
            f"最近 {auto.n} 件自动派单中 {auto.n - auto.correct} 件被更正或改派，实际准确率 "
            f"{auto.precision:.1%}，95%置信下限 {auto.lower:.1%}，低于目标 {settings.target_precision:.0%}"
        )
        with transaction.atomic():
            locked = TriageSettings.objects.select_for_update().get(pk=settings.pk)
            if locked.paused_at is None:
                locked.paused_at, locked.paused_reason = now or timezone.now(), reason[:300]
                locked.save(update_fields=["paused_at", "paused_reason"])
                event_record(
                    TriageEvent,
                    kind=TriageEvent.Kind.GUARD_PAUSED,
                    old={"paused": False},
                    new={"paused": True, **auto.as_dict(), "target": settings.target_precision},
                    note=reason,
                )
        triage_caches_clear()
        report["paused"], report["reason"] = True, reason
    return report


def triage_guard_resume(*, actor) -> TriageSettings:
    """A centre admin resumes auto-dispatch after looking at why it paused (audited)."""
    access.ensure(actor, "resume", ModelVersion)
    with transaction.atomic():
        settings = TriageSettings.objects.select_for_update().get_or_create(pk=1)[0]
        if settings.paused_at is not None:
            event_record(
                TriageEvent,
                kind=TriageEvent.Kind.GUARD_RESUMED,
                actor=actor,
                old={"paused": True, "reason": settings.paused_reason},
                new={"paused": False},
            )
            settings.paused_at, settings.paused_reason = None, ""
            settings.save(update_fields=["paused_at", "paused_reason"])
    triage_caches_clear()
    return settings


def _threshold(pairs: list[tuple[float, bool]], target: float) -> float | None:
    if len(pairs) < CALIBRATION_MIN:
        return None
    confidence = [c for c, _ in pairs]
    correct = [ok for _, ok in pairs]
    found = confidence_threshold(confidence, correct, target, z=Z)
    return NEVER if found is None else round(float(found), 4)


def thresholds_calibrate(*, actor=None, window: int = CALIBRATION_WINDOW) -> dict:
    """Re-estimate the category, place and unit thresholds from dispatcher-confirmed orders; a
    field with fewer than CALIBRATION_MIN confirmed suggestions keeps its threshold."""
    settings = _settings()
    rows = list(
        TriageResult.objects.exclude(order__status__in=WAITING)
        .filter(auto_dispatched=False, order__lead_unit__isnull=False)
        .order_by("-created_at", "-id")
        .values(
            "model_version_id", "category_id", "category_confidence", "order__category_id",
            "compound_id", "place_confidence", "order__compound_id",
            "unit_id", "unit_confidence", "order__lead_unit_id",
        )[:window]
    )  # fmt: skip
    pairs = {
        "category": [
            (r["category_confidence"], r["category_id"] == r["order__category_id"])
            for r in rows
            if r["model_version_id"] and r["category_id"] and r["order__category_id"]
        ],
        "place": [
            (r["place_confidence"], r["compound_id"] == r["order__compound_id"])
            for r in rows
            if r["compound_id"] and r["order__compound_id"]
        ],
        "unit": [
            (r["unit_confidence"], r["unit_id"] == r["order__lead_unit_id"]) for r in rows if r["unit_id"]
        ],
    }
    old = {name: getattr(settings, f"{name}_threshold") for name in pairs}
    new = dict(old)
    basis = {}
    for name, items in pairs.items():
        found = _threshold(items, settings.target_precision)
        basis[name] = {"n": len(items), "threshold": found}
        if found is not None:
            new[name] = found
    with transaction.atomic():
        locked = TriageSettings.objects.select_for_update().get(pk=settings.pk)
        for name, value in new.items():
            setattr(locked, f"{name}_threshold", value)
        locked.calibrated_at, locked.calibration = timezone.now(), basis
        locked.save()
        if new != old:
            event_record(
                TriageEvent,
                kind=TriageEvent.Kind.CALIBRATED,
                actor=actor,
                old=old,
                new=new,
                note=f"依据派单员确认的工单重新估计（目标准确率 {settings.target_precision:.0%}）",
            )
    triage_caches_clear()
    return {"old": old, "new": new, "basis": basis}
