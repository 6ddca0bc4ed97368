"""Read models for the triage pages: the order panel and the model/ratio overview."""

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncMonth

from jiesu.core.models import Job
from jiesu.triage.jobs import REPLAY_KIND
from jiesu.triage.models import Correction, ModelVersion, TriageEvent, TriageResult
from jiesu.triage.selectors import triage_settings
from jiesu.triage.services.guard import realised_precision
from jiesu.workorders.models import Category, WorkOrder
from jiesu.workorders.selectors import workorder_scope
from jiesu.workorders.states import Status

PANEL_STATUSES = (Status.NEW, Status.RETURNED)


def triage_panel(*, user, order: WorkOrder) -> dict | None:
    """The 智能分拣建议 panel: centre roles only, on an order still waiting to be dispatched."""
    if not user.is_centre or order.status not in PANEL_STATUSES:
        return None
    result = (
        TriageResult.objects.select_related(
            "category", "community", "compound", "building", "unit", "model_version"
        )
        .filter(order=order)
        .first()
    )
    if result is None:
        return None
    visible = set(
        workorder_scope(user=user)
        .filter(pk__in=[d["id"] for d in result.duplicates])
        .values_list("id", flat=True)
    )
    return {
        "result": result,
        "order": order,
        "duplicates": [d for d in result.duplicates if d["id"] in visible],
        "categories": Category.objects.filter(is_active=True, children__isnull=True).only("id", "path"),
        "urgency_higher": result.urgency != order.urgency and result.urgency != "normal",
    }


def triage_overview(*, months: int = 12) -> dict:
    """The model in use, its evaluation, and per month the auto-dispatch share and correction rate."""
    active = ModelVersion.objects.filter(is_active=True).defer("blob").first()
    corrected = Exists(Correction.objects.filter(order_id=OuterRef("order_id")))
    changed_category = (
        Q(category__isnull=False) & ~Q(order__category_id=F("category_id")) & Q(order__category__isnull=False)
    )
    changed_unit = (
        Q(unit__isnull=False) & Q(order__lead_unit__isnull=False) & ~Q(order__lead_unit_id=F("unit_id"))
    )
    rows = (
        TriageResult.objects.annotate(month=TruncMonth("created_at"), corrected=corrected)
        .values("month")
        .annotate(
            total=Count("id"),
            auto=Count("id", filter=Q(auto_dispatched=True)),
            corrections=Count("id", filter=Q(corrected=True) | changed_category | changed_unit),
        )
        .order_by("-month")[:months]
    )
    table = [
        {
            **row,
            "auto_share": row["auto"] / row["total"] if row["total"] else 0,
            "correction_rate": row["corrections"] / row["total"] if row["total"] else 0,
        }
        for row in rows
    ]
    settings = triage_settings()
    return {
        "active": active,
        "metrics": _scalar_metrics(active.evaluation if active else {}),
        "holdout": _holdout(active),
        "versions": ModelVersion.objects.defer("blob")[:10],
        "months": table,
        "settings": settings,
        "guard_rows": [
            ("自动派单", realised_precision(kind="auto", window=settings.guard_window)),
            ("影子模式（本会自动派单）", realised_precision(kind="shadow", window=settings.guard_window)),
        ],
        "events": TriageEvent.objects.select_related("actor").order_by("-at", "-id")[:10],
        "replay": _latest_replay(),
    }


def _latest_replay() -> Job | None:
    """The last finished replay of the duplicate finder on the street's 并单 decisions (aggregate
    figures only: shown to everyone who may open /triage/)."""
    return (
        Job.objects.filter(kind=REPLAY_KIND, status=Job.Status.DONE)
        .only("result", "finished_at")
        .order_by("-finished_at", "-id")
        .first()
    )


def _holdout(version: ModelVersion | None) -> dict | None:
    """The new-versus-active comparison on recent confirmed orders stored with a version."""
    if version is None or "holdout_new" not in version.evaluation:
        return None
    evaluation = version.evaluation
    return {
        "n": evaluation.get("holdout_n"),
        "new": evaluation.get("holdout_new"),
        "active": evaluation.get("holdout_active"),
        "active_version": evaluation.get("holdout_active_version"),
        "decision": evaluation.get("decision", ""),
    }


METRIC_LABELS = {
    "inner_cv_macro_f1": "训练数据内交叉验证宏F1",
    "macro_f1": "交叉验证宏F1",
    "accuracy": "交叉验证准确率",
    "train_seconds": "训练用时（秒）",
    "holdout_n": "近期对照工单（件）",
    "holdout_active_version": "对照的原使用中版本",
    "rare_labels_n": "样本不足未参与训练的分类（个）",
    "rare_orders_n": "其工单（件）",
    "decision": "启用判定",
}


def _metric_text(key: str, value: int | float | str) -> str:
    """A count as a whole number, seconds to 0.1, a score to 0.001, text as it is."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) or key.endswith("_n"):
        return f"{int(value):,}"
    return f"{value:.1f}" if key.endswith("_seconds") else f"{value:.3f}"


def _scalar_metrics(evaluation: dict) -> list[tuple[str, str]]:
    return [
        (METRIC_LABELS.get(key, key), _metric_text(key, value))
        for key, value in evaluation.items()
        if isinstance(value, int | float | str)
        and not isinstance(value, bool)
        and value != ""
        and not (key.startswith("rare_") and not value)  # nothing left out: no line
    ]
