from jiesu.triage.core import evaluate, remove_exact_duplicates

from .conftest import corpus

KEYS = {
    "n",
    "duplicates_removed",
    "macro_f1",
    "accuracy",
    "per_class",
    "train_seconds",
    "predict_docs_per_s",
    "coverage_at_precision",
}


def test_exact_duplicates_are_kept_once_and_conflicting_ones_dropped():
    texts = ["小区停水", "小区 停水！", "路灯不亮", "路灯不亮", "噪音扰民"]
    labels = ["水", "水", "灯", "路", "噪"]
    kept, kept_labels, removed, conflicting = remove_exact_duplicates(texts, labels)
    assert (kept, kept_labels, removed, conflicting) == (["小区停水", "噪音扰民"], ["水", "噪"], 3, 2)


def test_evaluate_reports_the_documented_keys(small_params):
    texts, labels = corpus()
    texts, labels = [*texts, texts[0], texts[1]], [*labels, labels[0], labels[1]]  # two exact copies
    result = evaluate(texts, labels, folds=2, seed=0, params=small_params)
    assert set(result) >= KEYS
    assert result["n"] == 32 and result["duplicates_removed"] == 2
    assert set(result["per_class"]) == set(labels)
    assert set(result["per_class"][labels[0]]) == {"precision", "recall", "f1"}
    assert set(result["coverage_at_precision"]) == {"0.95", "0.98"}
    assert set(result["coverage_at_precision_nested"]["0.98"]) == {"coverage", "precision"}
    assert 0.5 < result["macro_f1"] <= 1 and 0.5 < result["accuracy"] <= 1
    assert result["predict_docs_per_s"] > 0 and result["train_seconds"] > 0


def test_evaluate_is_reproducible_with_a_seed(small_params):
    texts, labels = corpus()
    first = evaluate(texts, labels, folds=2, seed=3, params=small_params)
    second = evaluate(texts, labels, folds=2, seed=3, params=small_params)
    assert first["macro_f1"] == second["macro_f1"] and first["per_class"] == second["per_class"]


def test_dev_half_depends_on_the_text_only():
    from jiesu.triage.core.evaluation import dev_half

    texts = [f"第{i}号小区停水" for i in range(200)]
    halves = dev_half(texts)
    assert 60 < halves.sum() < 140  # about half
    assert dev_half(list(reversed(texts))).tolist() == list(reversed(halves.tolist()))
    assert dev_half(["小区 停水！"]).tolist() == dev_half(["小区停水"]).tolist()
    assert dev_half(texts, seed=1).tolist() != halves.tolist()


def test_evaluate_can_keep_near_copies_in_one_fold_and_return_predictions(small_params):
    texts, labels = corpus()
    texts, labels = texts + [texts[0] + "，请处理"], labels + [labels[0]]
    result = evaluate(
        texts, labels, folds=2, seed=0, params=small_params, keep_predictions=True, group_near_copies=0.5
    )
    assert result["group_near_copies"] == 0.5 and len(result["predictions"]) == result["n"]
    assert {"text", "label", "predicted", "confidence"} == set(result["predictions"][0])
