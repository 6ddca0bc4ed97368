"""Training a category classifier on the street's own history and the dispatchers' corrections.

A new version is compared with the active one on a held-out slice of the most recent confirmed
orders (orders the new version did not train on); it becomes active only when it is not worse
there. Both figures are stored in `ModelVersion.evaluation` and shown on /triage/.
"""

import time
from collections import Counter

from django.db import transaction
from django.utils import timezone

from jiesu.core.errors import ValidationFailed
from jiesu.core.events import event_record
from jiesu.triage.models import Correction, ModelVersion, TriageEvent
from jiesu.triage.selectors import active_model, triage_caches_clear
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.states import Status

LABELLED_STATUSES = (Status.RESOLVED, Status.VISITED, Status.CLOSED)
# newest half + a spread over the rest (`_sampled_ids`): on the demo street (62 categories) the
# default classifier trained on 28,000 of them in 421 s; all 52,737 took 836 s with the cheaper
# classifier of before (plain SVMs only), about twice that with today's (docs/triage.md)
MAX_SAMPLES = 30_000
HOLDOUT_SHARE = 0.1
HOLDOUT_MAX = 2_000
HOLDOUT_MIN = 30  # fewer recent orders than this: no comparison, the first model is simply used
TOLERANCE = 0.0  # "not worse": the new macro-F1 on the slice ≥ the active one's


def _sampled_ids(ids: list[int], max_samples: int) -> list[int]:
    """At most `max_samples` of `ids` (newest first), newest first: all of the newest half, then
    an even spread over the older ones — so a capped sample still holds last winter's heating
    orders in November, not only the last weeks (the newest half feeds the held-out slice)."""
    if len(ids) <= max_samples:
        return ids
    recent = max_samples - max_samples // 2
    older, budget = ids[recent:], max_samples - recent
    step = len(older) / budget
    return ids[:recent] + [older[int(i * step)] for i in range(budget)]


def training_data(*, max_samples: int = MAX_SAMPLES) -> tuple[list[str], list[str]]:
    """(texts, labels), newest first: finished orders with a category (past `max_samples`, the
    newest half and an even spread over the rest of the history), plus every order a
    dispatcher corrected; a dispatcher's correction is the label (it wins over the order's)."""
    corrected = {}
    for order_id, chosen in (
        Correction.objects.filter(field="category").order_by("at", "id").values_list("order_id", "chosen")
    ):
        corrected[order_id] = chosen
    labelled = WorkOrder.objects.filter(status__in=LABELLED_STATUSES, category__isnull=False).order_by(
        "-received_at", "-id"
    )
    chosen_ids = _sampled_ids(list(labelled.values_list("id", flat=True)), max_samples)
    # in_bulk batches the ids to the database's parameter limit (SQLite's 32,766)
    by_id = (
        WorkOrder.objects.select_related("category")
        .only("title", "content", "category__path")
        .in_bulk(chosen_ids)
    )
    texts, labels, seen = [], [], set()
    for order_id in chosen_ids:
        if (order := by_id.get(order_id)) is None:
            continue  # deleted meanwhile
        seen.add(order_id)
        texts.append(f"{order.title}。{order.content}")
        labels.append(corrected.get(order_id) or order.category.path)
    extra = [order_id for order_id in corrected if order_id not in seen]
    for order_id, title, content in WorkOrder.objects.filter(pk__in=extra).values_list(
        "id", "title", "content"
    ):
        texts.insert(0, f"{title}。{content}")  # a correction is as recent as it gets
        labels.insert(0, corrected[order_id])
    return texts, labels


def _score(classifier, texts: list[str], labels: list[str]) -> dict:
    from sklearn.metrics import accuracy_score, f1_score  # lazy: sklearn costs ~1 s at start-up

    predicted = [label for label, _ in classifier.predict(texts)]
    return {
        "macro_f1": round(float(f1_score(labels, predicted, average="macro", zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(labels, predicted)), 4),
    }


def model_train(
    *,
    min_samples: int = 50,
    max_samples: int = MAX_SAMPLES,
    params=None,
    activate: bool = True,
    note: str = "",
    actor=None,
    progress=None,
) -> ModelVersion:
    """Fit a new version on all but the most recent confirmed orders; score it and the active
    version on those; activate it when asked and not worse (or when none is active)."""
    texts, labels = training_data(max_samples=max_samples)
    if len(texts) < min_samples or len(set(labels)) < 2:
        raise ValidationFailed(
            f"训练样本不足：{len(texts)} 条、{len(set(labels))} 个分类（至少 {min_samples} 条、2 个分类）。"
        )
    size = min(HOLDOUT_MAX, int(len(texts) * HOLDOUT_SHARE))
    if size < HOLDOUT_MIN:
        size = 0
    held_texts, held_labels = texts[:size], labels[:size]
    train_texts, train_labels = texts[size:], labels[size:]
    if len(set(train_labels)) < 2:
        train_texts, train_labels, held_texts, held_labels = texts, labels, [], []
    from threadpoolctl import threadpool_limits  # lazy: sklearn costs ~1 s

    from jiesu.triage.core.classifier import CategoryClassifier, ClassifierParams

    params = params or ClassifierParams()
    train_texts, train_labels, rare = _without_rare(train_texts, train_labels, params.inner_folds)

    started = time.perf_counter()
    # one BLAS thread: on a shared machine threaded BLAS made the combiner's fit 14× slower
    with threadpool_limits(limits=1):
        classifier = CategoryClassifier(params).fit(train_texts, train_labels, progress=progress)
    evaluation: dict = {
        "train_seconds": round(time.perf_counter() - started, 1),
        "inner_cv_macro_f1": classifier.metadata.get("inner_cv_macro_f1", {})
        .get("stacked", {})
        .get("macro_f1"),
        "auto_thresholds": classifier.metadata.get("auto_thresholds", {}),
        "holdout_n": len(held_texts),
        "rare_labels_n": len(rare),
        "rare_orders_n": sum(rare.values()),
    }
    current = active_model(fresh=True)
    if held_texts:
        evaluation["holdout_new"] = _score(classifier, held_texts, held_labels)
        if current.classifier is not None:
            evaluation["holdout_active"] = _score(current.classifier, held_texts, held_labels)
            evaluation["holdout_active_version"] = current.version.version
    decision, reason = _decide(
        activate=activate, has_active=current.classifier is not None, evaluation=evaluation
    )
    evaluation["activated"], evaluation["decision"] = decision, reason
    now = timezone.localtime()
    with transaction.atomic():
        number = ModelVersion.objects.count() + 1
        if decision:
            ModelVersion.objects.filter(is_active=True).update(is_active=False)
        version = ModelVersion.objects.create(
            version=f"v{number}-{now:%Y%m%d-%H%M%S}",
            trained_on=len(train_texts),
            labels=sorted(set(train_labels)),
            evaluation=evaluation,
            blob=classifier.to_bytes(),
            is_active=decision,
            note=(note or reason)[:200],
        )
        event_record(
            TriageEvent,
            kind=TriageEvent.Kind.MODEL_TRAINED,
            actor=actor,
            old={"active": evaluation.get("holdout_active_version")},
            new={"version": version.version, "activated": decision},
            note=reason,
        )
    triage_caches_clear()
    return version


def _without_rare(texts: list[str], labels: list[str], minimum: int) -> tuple[list, list, dict[str, int]]:
    """The training texts without the categories that have fewer than `minimum` of them, and
    those categories with their counts. The inner cross-validation needs every category in
    every fold: one category with a single finished order used to cut it to one fold — no
    stacking, no calibrated confidence, no threshold for the whole street. A category seen fewer
    times than that cannot be learnt anyway; its orders go to the dispatchers as before. Kept
    when leaving them out would leave fewer than two categories."""
    counts = Counter(labels)
    rare = {label: n for label, n in counts.items() if n < minimum}
    if not rare or len(counts) - len(rare) < 2:
        return texts, labels, {}
    kept = [(text, label) for text, label in zip(texts, labels, strict=True) if label not in rare]
    return [text for text, _ in kept], [label for _, label in kept], rare


def _decide(*, activate: bool, has_active: bool, evaluation: dict) -> tuple[bool, str]:
    if not activate:
        return False, "仅训练，未启用"
    if not has_active:
        return True, "首个可用模型，已启用"
    new, old = evaluation.get("holdout_new"), evaluation.get("holdout_active")
    if new is None or old is None:
        return False, "近期已确认工单不足，无法与使用中的模型比较，未启用"
    if new["macro_f1"] + 1e-9 >= old["macro_f1"] - TOLERANCE:
        return True, f"近期工单上宏F1 {new['macro_f1']:.3f} ≥ 使用中 {old['macro_f1']:.3f}，已启用"
    return False, f"近期工单上宏F1 {new['macro_f1']:.3f} < 使用中 {old['macro_f1']:.3f}，未启用"
