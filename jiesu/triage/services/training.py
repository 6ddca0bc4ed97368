"""Training a category classifier on the street's own history (and the dispatchers' corrections)."""

from django.db import transaction
from django.utils import timezone

from jiesu.core.errors import ValidationFailed
from jiesu.triage.models import Correction, ModelVersion
from jiesu.triage.selectors import triage_caches_clear
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.states import Status

LABELLED_STATUSES = (Status.RESOLVED, Status.VISITED, Status.CLOSED)
MAX_SAMPLES = 200_000
MAX_EVALUATED = 20_000


def training_data(*, max_samples: int = MAX_SAMPLES) -> tuple[list[str], list[str]]:
    """(texts, labels): finished orders with a category; a dispatcher's correction is the truth."""
    corrected = {}
    for order_id, chosen in (
        Correction.objects.filter(field="category").order_by("at", "id").values_list("order_id", "chosen")
    ):
        corrected[order_id] = chosen
    rows = (
        WorkOrder.objects.filter(status__in=LABELLED_STATUSES, category__isnull=False)
        .order_by("-received_at")
        .values_list("id", "title", "content", "category__path")[:max_samples]
    )
    texts, labels, seen = [], [], set()
    for order_id, title, content, path in rows:
        seen.add(order_id)
        texts.append(f"{title}。{content}")
        labels.append(corrected.get(order_id) or path)
    extra = [order_id for order_id in corrected if order_id not in seen]
    for order_id, title, content in WorkOrder.objects.filter(pk__in=extra).values_list(
        "id", "title", "content"
    ):
        texts.append(f"{title}。{content}")
        labels.append(corrected[order_id])
    return texts, labels


def model_train(
    *, min_samples: int = 50, folds: int = 3, seed: int = 0, activate: bool = True
) -> ModelVersion:
    """Fit, evaluate (cross-validated) and store a new version; it becomes the active one."""
    texts, labels = training_data()
    if len(texts) < min_samples or len(set(labels)) < 2:
        raise ValidationFailed(
            f"训练样本不足：{len(texts)} 条、{len(set(labels))} 个分类（至少 {min_samples} 条、2 个分类）。"
        )
    from jiesu.triage.core.classifier import CategoryClassifier  # lazy: sklearn costs ~1 s
    from jiesu.triage.core.evaluation import evaluate

    classifier = CategoryClassifier()
    classifier.fit(texts, labels)
    evaluation = evaluate(texts[:MAX_EVALUATED], labels[:MAX_EVALUATED], folds=folds, seed=seed)
    now = timezone.localtime()
    with transaction.atomic():
        number = ModelVersion.objects.count() + 1
        if activate:
            ModelVersion.objects.filter(is_active=True).update(is_active=False)
        version = ModelVersion.objects.create(
            version=f"v{number}-{now:%Y%m%d-%H%M%S}",
            trained_on=len(texts),
            labels=sorted(set(labels)),
            evaluation=evaluation,
            blob=classifier.to_bytes(),
            is_active=activate,
        )
    triage_caches_clear()
    return version


def model_activate(*, version_id: int) -> ModelVersion:
    with transaction.atomic():
        ModelVersion.objects.filter(is_active=True).update(is_active=False)
        ModelVersion.objects.filter(pk=version_id).update(is_active=True)
    triage_caches_clear()
    return ModelVersion.objects.get(pk=version_id)
