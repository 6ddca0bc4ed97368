"""Retraining learns from the dispatchers' corrections, and a new version replaces the active one
only when it is not worse on a held-out slice of the most recent confirmed orders."""

import random
from datetime import timedelta

from django.utils import timezone

from jiesu.triage.core.classifier import ClassifierParams
from jiesu.triage.models import Correction, ModelVersion
from jiesu.triage.selectors import LoadedModel
from jiesu.triage.services import model_train, training_data
from jiesu.triage.services.training import _sampled_ids
from jiesu.workorders.states import Status
from tests.factories import WorkOrderFactory

QUICK = ClassifierParams(c_grid=(1.0,), inner_folds=3, n_jobs=1)
LAMP_WORDS = ("路灯不亮", "路灯坏了", "晚上路灯黑", "灯杆倒了", "路灯一直闪")
ESTATE_WORDS = ("物业不管", "保安不巡逻", "物业费太贵", "物业服务差", "保洁不打扫")


def _history(street, n: int = 400, noise: float = 0.0, seed: int = 0):
    rng = random.Random(seed)
    for i in range(n):
        lamp = i % 2 == 0
        words = rng.choice(LAMP_WORDS if lamp else ESTATE_WORDS)
        if rng.random() < noise:
            lamp = not lamp
        WorkOrderFactory(
            title=words,
            content=f"{words}，第{i}次反映",
            category=street["lamps"] if lamp else street["service"],
            status=Status.CLOSED,
        )


def test_a_dispatchers_correction_is_the_label(street):
    order = WorkOrderFactory(
        title="路灯", content="物业保安不巡逻", category=street["lamps"], status=Status.CLOSED
    )
    Correction.objects.create(
        order=order, field="category", suggested=street["lamps"].path, chosen=street["service"].path
    )
    texts, labels = training_data()
    assert labels[texts.index("路灯。物业保安不巡逻")] == street["service"].path


def test_the_first_model_is_activated_and_both_figures_are_kept(street):
    _history(street)
    version = model_train(params=QUICK)
    assert version.is_active and version.evaluation["holdout_n"] == 40
    assert version.trained_on == 360
    assert version.evaluation["holdout_new"]["macro_f1"] > 0.9
    assert "首个可用模型" in version.evaluation["decision"]


class _Oracle:
    """An active model that is right on every recent order (the bar a new version must reach)."""

    def __init__(self, truth: dict[str, str]):
        self.truth = truth

    def predict(self, texts):
        return [(self.truth[text], 0.99) for text in texts]


def test_a_worse_new_version_is_stored_but_not_activated(street, monkeypatch):
    _history(street, noise=0.3)
    texts, labels = training_data()
    active = ModelVersion.objects.create(version="v-old", blob=b"", is_active=True)
    monkeypatch.setattr(
        "jiesu.triage.services.training.active_model",
        lambda **_: LoadedModel(active, _Oracle(dict(zip(texts, labels, strict=True)))),
    )

    version = model_train(params=QUICK)

    assert not version.is_active and ModelVersion.objects.get(is_active=True) == active
    evaluation = version.evaluation
    assert evaluation["holdout_active"]["macro_f1"] == 1.0
    assert evaluation["holdout_new"]["macro_f1"] < 1.0 and "未启用" in evaluation["decision"]


def test_a_version_as_good_as_the_active_one_replaces_it(street, monkeypatch):
    _history(street)
    texts, labels = training_data()
    active = ModelVersion.objects.create(version="v-old", blob=b"", is_active=True)

    class Wrong:
        def predict(self, texts):
            return [(street["lamps"].path, 0.5) for _ in texts]

    monkeypatch.setattr(
        "jiesu.triage.services.training.active_model", lambda **_: LoadedModel(active, Wrong())
    )

    version = model_train(params=QUICK)

    assert version.is_active and not ModelVersion.objects.get(pk=active.pk).is_active
    assert version.evaluation["holdout_new"]["macro_f1"] >= version.evaluation["holdout_active"]["macro_f1"]


def test_a_capped_sample_keeps_the_newest_half_and_spreads_the_rest_over_the_history():
    ids = list(range(1000, 0, -1))  # newest first

    sample = _sampled_ids(ids, 100)

    assert len(sample) == 100 and len(set(sample)) == 100
    assert sample[:50] == ids[:50]  # the newest half, for the held-out slice
    assert sample == sorted(sample, reverse=True)  # still newest first
    assert min(sample) <= 20  # reaches back to the oldest orders
    assert _sampled_ids(ids[:80], 100) == ids[:80]


def test_a_capped_sample_still_holds_a_category_seen_only_last_winter(street):
    for i in range(6):  # last winter's heating orders, the oldest of all
        WorkOrderFactory(
            title="暖气不热", content=f"暖气不热，第{i}次", category=street["lamps"], status=Status.CLOSED,
            received_at=timezone.now() - timedelta(days=300 - i),
        )  # fmt: skip
    for i in range(60):
        WorkOrderFactory(
            title="物业不管", content=f"物业不管，第{i}次", category=street["service"], status=Status.CLOSED,
            received_at=timezone.now() - timedelta(days=30 - i / 10),
        )  # fmt: skip

    texts, labels = training_data(max_samples=20)

    assert len(texts) == 20 and street["lamps"].path in labels
    assert texts[:10] == [f"物业不管。物业不管，第{i}次" for i in range(59, 49, -1)]  # the newest ten


def test_a_category_with_a_single_order_is_left_out_instead_of_cutting_the_inner_cv_to_one_fold(street):
    _history(street)
    WorkOrderFactory(
        title="井盖丢了", content="井盖丢了", category=street["estate"], status=Status.CLOSED,
        received_at=timezone.now() - timedelta(days=30),  # in the training part, not the held-out slice
    )  # fmt: skip

    version = model_train(params=QUICK)

    evaluation = version.evaluation
    assert (evaluation["rare_labels_n"], evaluation["rare_orders_n"]) == (1, 1)
    assert street["estate"].path not in version.labels and len(version.labels) == 2
    assert evaluation["inner_cv_macro_f1"] is not None  # stacked and calibrated
    assert evaluation["auto_thresholds"]["0.98"] is not None
