"""Retraining learns from the dispatchers' corrections, and a new version replaces the active one
only when it is not worse on a held-out slice of the most recent confirmed orders."""

import random

from jiesu.triage.core.classifier import ClassifierParams
from jiesu.triage.models import Correction, ModelVersion
from jiesu.triage.selectors import LoadedModel
from jiesu.triage.services import model_train, training_data
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
