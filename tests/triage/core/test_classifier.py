import io
import json
from dataclasses import replace

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.svm import LinearSVC

from jiesu.triage.core import FORMAT_VERSION, CategoryClassifier, ModelFormatError
from jiesu.triage.core.classifier import _fit_nbsvm

from .conftest import ORDERS, corpus


@pytest.fixture
def model(small_params):
    texts, labels = corpus()
    return CategoryClassifier(small_params).fit(texts, labels)


def test_obvious_orders_get_their_category(model):
    predicted = model.predict(
        ["物业乱收费还不公示", "晚上工地施工太吵", "公交车等了一个小时", "老板欠我两个月工资"]
    )
    assert [p.label for p in predicted] == list(ORDERS)


def test_confidences_are_probabilities(model):
    probabilities = model.predict_proba(["物业", "噪音", "随便说点什么"])
    assert probabilities.shape == (3, len(ORDERS))
    assert ((probabilities >= 0) & (probabilities <= 1)).all()
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert all(0 <= p.confidence <= 1 for p in model.predict(["物业乱收费"]))


def test_labels_keep_taxonomy_paths(model):
    assert model.labels == sorted(ORDERS)
    assert model.predict(["小区物业乱收费"])[0].label == "城乡建设/物业管理"


def test_metadata_describes_the_model(model):
    meta = model.metadata
    assert meta["n_samples"] == 32 and meta["labels"] == sorted(ORDERS)
    assert meta["version"].startswith("category-") and meta["format_version"] == FORMAT_VERSION
    assert set(meta["chosen_c"]) == {"char", "word", "prefix"}
    assert {"trained_at", "params", "sklearn_version", "auto_thresholds"} <= set(meta)


def test_bytes_round_trip_predicts_the_same(model):
    texts, _ = corpus()
    restored = CategoryClassifier.from_bytes(model.to_bytes())
    assert restored.metadata == model.metadata
    assert np.allclose(restored.predict_proba(texts), model.predict_proba(texts))


def test_refuses_bytes_that_are_not_a_model():
    with pytest.raises(ModelFormatError, match="not a Jiesu category model"):
        CategoryClassifier.from_bytes(b"PK\x03\x04 some zip file")


def test_refuses_another_format_version(model):
    data = model.to_bytes()
    magic_end = data.index(b"\n") + 1
    size = int.from_bytes(data[magic_end : magic_end + 4], "big")
    header = json.loads(data[magic_end + 4 : magic_end + 4 + size])
    header["format_version"] = FORMAT_VERSION + 1
    encoded = json.dumps(header).encode()
    forged = data[:magic_end] + len(encoded).to_bytes(4, "big") + encoded + data[magic_end + 4 + size :]
    with pytest.raises(ModelFormatError, match=f"model format {FORMAT_VERSION + 1} cannot be loaded"):
        CategoryClassifier.from_bytes(forged)


def test_refuses_damaged_arrays(model):
    with pytest.raises(ModelFormatError):
        CategoryClassifier.from_bytes(model.to_bytes()[:-200])


def test_saved_model_holds_no_pickle(model):
    data = model.to_bytes()
    payload = data[data.index(b"PK\x03\x04") :]  # the .npz part
    with np.load(io.BytesIO(payload), allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)


def test_two_labels_work(small_params):
    texts = ORDERS["环境保护/噪声"] + ORDERS["交通运输/公交"]
    labels = ["噪声"] * 8 + ["公交"] * 8
    model = CategoryClassifier(small_params).fit(texts, labels)
    assert [p.label for p in model.predict(["半夜施工太吵", "公交车晚点"])] == ["噪声", "公交"]


def test_a_label_with_one_example_still_trains_but_decides_nothing_automatically(small_params):
    texts, labels = corpus()
    model = CategoryClassifier(small_params).fit([*texts, "井盖丢了"], [*labels, "市政/井盖"])
    assert model.auto_threshold(0.98) is None
    assert len(model.predict(["井盖丢了"])) == 1


def test_refuses_bad_training_input(small_params):
    with pytest.raises(ValueError, match="2 texts but 1 labels"):
        CategoryClassifier(small_params).fit(["a", "b"], ["x"])
    with pytest.raises(ValueError, match="two distinct labels"):
        CategoryClassifier(small_params).fit(["a", "b"], ["x", "x"])
    with pytest.raises(RuntimeError):
        CategoryClassifier(small_params).predict(["a"])


def _saved_before(model, *paths: tuple[str, ...]) -> bytes:
    """The model's bytes as an older version saved them: without the header keys at `paths`."""
    data = model.to_bytes()
    start = data.index(b"\n") + 5
    size = int.from_bytes(data[start - 4 : start], "big")
    header = json.loads(data[start : start + size])
    for *parents, key in paths:
        node = header
        for part in parents:
            node = node[part]
        del node[key]
    encoded = json.dumps(header, ensure_ascii=False).encode()
    return data[: start - 4] + len(encoded).to_bytes(4, "big") + encoded + data[start + size :]


def test_a_model_saved_before_stop_words_keeps_every_token(model):
    old = _saved_before(model, ("metadata", "params", "features", "drop_stopwords"))
    assert CategoryClassifier.from_bytes(old).params.features.drop_stopwords is False
    assert model.params.features.drop_stopwords is True


def test_nbsvm_scores_the_unscaled_features_as_the_svm_scores_the_scaled_ones():
    matrix = sp.csr_matrix(
        np.random.default_rng(0).random((30, 12)) * (np.random.default_rng(1).random((30, 12)) > 0.6)
    )
    y = np.arange(30) % 3
    model = _fit_nbsvm(matrix, y, 3, c=1.0, alpha=1.0)
    present = (matrix > 0).astype(float)
    for label in range(3):
        inside = np.asarray(present[y == label].sum(axis=0)).ravel() + 1.0
        outside = np.asarray(present[y != label].sum(axis=0)).ravel() + 1.0
        ratio = np.log(inside / inside.sum()) - np.log(outside / outside.sum())
        svm = LinearSVC(C=1.0).fit(matrix.multiply(ratio).tocsr(), (y == label).astype(int))
        expected = svm.decision_function(matrix.multiply(ratio).tocsr())
        assert np.allclose(model(matrix)[:, label], expected, atol=1e-3)


def test_inner_cv_chooses_between_svm_and_nbsvm_and_saves_the_choice(small_params):
    texts, labels = corpus()
    model = CategoryClassifier(replace(small_params, nb_c_grid=(1.0,))).fit(texts, labels)
    meta = model.metadata
    assert set(meta["chosen_kind"]) == {"char", "word", "prefix"}
    assert set(meta["chosen_kind"].values()) <= {"svm", "nbsvm"}
    assert set(meta["inner_cv_macro_f1"]["char"]) == {"1", "nb1"}
    restored = CategoryClassifier.from_bytes(model.to_bytes())
    assert np.allclose(restored.predict_proba(texts), model.predict_proba(texts))
    nb_only = CategoryClassifier(replace(small_params, c_grid=(), nb_c_grid=(1.0,))).fit(texts, labels)
    assert set(nb_only.metadata["chosen_kind"].values()) == {"nbsvm"}
    assert [p.label for p in nb_only.predict(["物业乱收费还不公示", "晚上工地施工太吵"])] == list(ORDERS)[:2]


def test_plain_svm_grid_alone_chooses_plain_svms(model):
    assert set(model.metadata["chosen_kind"].values()) == {"svm"}


def test_a_model_saved_before_nbsvm_loads_with_plain_svms_only(model):
    old = _saved_before(
        model,
        ("metadata", "params", "nb_c_grid"),
        ("metadata", "params", "nb_alpha"),
        ("metadata", "chosen_kind"),
    )
    restored = CategoryClassifier.from_bytes(old)
    assert restored.params.nb_c_grid == ()
    texts, _ = corpus()
    assert np.allclose(restored.predict_proba(texts), model.predict_proba(texts))


def test_fit_reports_each_model_of_the_inner_search_as_it_is_fitted(small_params):
    texts, labels = corpus()
    calls = []

    CategoryClassifier(small_params).fit(
        texts, labels, progress=lambda done, total: calls.append((done, total))
    )

    total = 3 * 1 * small_params.inner_folds  # three blocks × one candidate × three folds
    assert calls == [(done, total) for done in range(1, total + 1)]
