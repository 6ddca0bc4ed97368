"""Cross-validated evaluation of the category classifier on any labelled corpus.

Protocol (``evaluate``):

1. Texts that are equal after compaction (normalised, whitespace and punctuation removed — the
   classifier cannot tell them apart) are kept once. When such copies carry different labels,
   every copy is dropped: no label can be right for both.
2. Stratified k-fold on what is left (shuffled with ``seed``). For each outer fold a fresh
   :class:`~.classifier.CategoryClassifier` is trained on the other folds — its hyper-parameters
   and calibration come from an inner cross-validation on those folds only — and predicts the
   held-out fold.
3. macro-F1, accuracy and per-class precision/recall/F1 come from the out-of-fold predictions.
4. ``coverage_at_precision[p]``: sort all out-of-fold predictions by confidence and take the largest
   prefix with precision ≥ p (:mod:`.metrics`). The threshold is chosen on the very predictions it
   is scored on, so it is an optimistic estimate. ``coverage_at_precision_nested[p]`` is the honest
   one: each outer fold applies the threshold its model chose on its own inner folds
   (:meth:`~.classifier.CategoryClassifier.auto_threshold`), and the coverage and precision actually
   reached on the held-out folds are reported.
5. ``train_seconds`` is the mean wall time of one outer-fold fit (inner search included);
   ``predict_docs_per_s`` is held-out documents per second of ``predict_proba`` in this process
   (normalisation, segmentation and features included).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from .classifier import CategoryClassifier, ClassifierParams
from .metrics import coverage_at_precision
from .nearcopies import near_copy_groups, similar_pairs
from .text import compact_many

__all__ = ["dev_half", "evaluate", "evaluate_transfer", "remove_exact_duplicates", "twins_of"]


def remove_exact_duplicates(
    texts: Sequence[str], labels: Sequence[str]
) -> tuple[list[str], list[str], int, int]:
    """Keep the first copy of each compact-equal text; drop every copy of label-conflicting ones.

    Returns (texts, labels, rows removed in all, rows removed because their copies disagreed).

    >>> remove_exact_duplicates(["停水 了", "停水了！", "路灯坏", "路灯坏", "噪音"], ["水", "水", "灯", "路", "噪"])
    (['停水 了', '噪音'], ['水', '噪'], 3, 2)
    """
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    keys = compact_many(list(texts))
    seen: dict[str, set[str]] = {}
    for key, label in zip(keys, labels, strict=True):
        seen.setdefault(key, set()).add(label)
    kept_texts: list[str] = []
    kept_labels: list[str] = []
    used: set[str] = set()
    conflicting = 0
    for text, key, label in zip(texts, keys, labels, strict=True):
        if len(seen[key]) > 1:
            conflicting += 1
        elif key not in used:
            used.add(key)
            kept_texts.append(text)
            kept_labels.append(label)
    return kept_texts, kept_labels, len(texts) - len(kept_texts), conflicting


def evaluate(
    texts: Sequence[str],
    labels: Sequence[str],
    folds: int = 5,
    seed: int = 0,
    *,
    params: ClassifierParams | None = None,
    precisions: Sequence[float] = (0.95, 0.98),
    progress: Callable[[str], None] | None = None,
    keep_predictions: bool = False,
    group_near_copies: float | None = None,
) -> dict[str, Any]:
    """Run the protocol in the module docstring and return its JSON-ready results.

    ``keep_predictions`` adds ``predictions``: one ``{text, label, predicted, confidence}`` per
    de-duplicated text, out of fold (for error analysis; ``jiesu triage evaluate --predictions``).
    ``group_near_copies`` (a cosine, e.g. 0.5) keeps near-copies (:mod:`.nearcopies`) in one outer
    fold, so that no held-out text has a version of itself in the training part."""
    params = replace(params or ClassifierParams(), seed=seed, precisions=tuple(precisions))
    texts, labels, removed, conflicting = remove_exact_duplicates(
        [str(t) for t in texts], [str(x) for x in labels]
    )
    y = np.asarray(labels)
    groups = None
    if group_near_copies is None:
        splitter: StratifiedKFold | StratifiedGroupKFold = StratifiedKFold(
            folds, shuffle=True, random_state=seed
        )
    else:
        groups = near_copy_groups(texts, similarity=group_near_copies)
        splitter = StratifiedGroupKFold(folds, shuffle=True, random_state=seed)
    predicted = np.empty(len(y), dtype=object)
    confidence = np.zeros(len(y))
    accepted = {p: np.zeros(len(y), dtype=bool) for p in precisions}
    train_times: list[float] = []
    predict_time = 0.0
    chosen: list[float] = []
    for fold, (train, test) in enumerate(splitter.split(np.zeros(len(y)), y, groups)):
        started = time.perf_counter()
        model = CategoryClassifier(params).fit([texts[i] for i in train], y[train].tolist())
        train_times.append(time.perf_counter() - started)
        test_texts = [texts[i] for i in test]
        started = time.perf_counter()
        probabilities = model.predict_proba(test_texts)
        predict_time += time.perf_counter() - started
        best = probabilities.argmax(axis=1)
        predicted[test] = np.asarray(model.labels, dtype=object)[best]
        confidence[test] = probabilities[np.arange(len(test)), best]
        for p in precisions:
            threshold = model.auto_threshold(p)
            accepted[p][test] = threshold is not None and confidence[test] >= threshold
        kinds = model.metadata["chosen_kind"]
        chosen.append(
            {
                name: c if kinds[name] == "svm" else f"nbsvm {c:g}"
                for name, c in model.metadata["chosen_c"].items()
            }
        )
        if progress:
            progress(f"fold {fold + 1}/{folds}: trained in {train_times[-1]:.1f}s, C={chosen[-1]}")
    correct = predicted == y
    names = sorted(set(labels))
    precision, recall, f1, _ = precision_recall_fscore_support(y, predicted, labels=names, zero_division=0)
    nested = {}
    for p in precisions:
        taken = accepted[p]
        nested[f"{p:g}"] = {
            "coverage": round(float(taken.mean()), 4),
            "precision": round(float(correct[taken].mean()), 4) if taken.any() else None,
        }
    result = {
        "n": len(y),
        "duplicates_removed": removed,
        "conflicting_duplicates_removed": conflicting,
        "folds": folds,
        "seed": seed,
        "macro_f1": round(float(f1_score(y, predicted, labels=names, average="macro")), 4),
        "accuracy": round(float(accuracy_score(y, predicted.astype(str))), 4),
        "per_class": {
            name: {"precision": round(float(pr), 4), "recall": round(float(rc), 4), "f1": round(float(f), 4)}
            for name, pr, rc, f in zip(names, precision, recall, f1, strict=True)
        },
        "train_seconds": round(float(np.mean(train_times)), 2),
        "predict_docs_per_s": round(len(y) / predict_time, 1) if predict_time else None,
        "coverage_at_precision": {
            f"{p:g}": round(coverage_at_precision(confidence, correct, p), 4) for p in precisions
        },
        "coverage_at_precision_nested": nested,
        "chosen_c": chosen,
        "group_near_copies": group_near_copies,
    }
    if keep_predictions:
        result["predictions"] = [
            {"text": text, "label": label, "predicted": str(guess), "confidence": round(float(c), 5)}
            for text, label, guess, c in zip(texts, labels, predicted, confidence, strict=True)
        ]
    return result


def twins_of(train_texts: Sequence[str], test_texts: Sequence[str], *, similarity: float = 0.5) -> set[int]:
    """Indexes of training texts that are a version of some test text (char-bigram TF-IDF cosine
    ≥ ``similarity`` with it, :func:`.nearcopies.similar_pairs`), e.g. the segmented twin of a raw
    message: they must not be trained on when that message is tested."""
    pairs = similar_pairs(train_texts, test_texts, similarity=similarity)
    return {int(row) for row in np.flatnonzero(np.diff(pairs.indptr))}


def dev_half(texts: Sequence[str], seed: int = 0) -> np.ndarray:
    """A fixed split of ``texts`` into two halves: ``True`` for the *dev* half.

    A text's half depends on its compact form and ``seed`` only (a SHA-256 bit), not on its
    position or on the other texts, so the split is the same in every run. Design work looks at
    the dev half; the other half is held out and only reported.

    >>> dev_half(["小区停水", "小区 停水！", "路灯不亮"]).tolist()
    [False, False, True]
    """
    keys = compact_many([str(text) for text in texts])
    return np.array(
        [hashlib.sha256(f"{seed}\x00{key}".encode()).digest()[0] % 2 == 0 for key in keys], dtype=bool
    )


def _transfer_scores(
    y: np.ndarray, predicted: np.ndarray, confidence: np.ndarray, thresholds: dict[str, float | None]
) -> dict[str, Any]:
    if not len(y):
        return {"n": 0}
    correct = predicted == y
    nested = {}
    for key, threshold in thresholds.items():
        taken = confidence >= threshold if threshold is not None else np.zeros(len(y), dtype=bool)
        nested[key] = {
            "threshold": None if threshold is None else round(float(threshold), 4),
            "coverage": round(float(taken.mean()), 4),
            "precision": round(float(correct[taken].mean()), 4) if taken.any() else None,
        }
    return {
        "n": len(y),
        "macro_f1": round(float(f1_score(y, predicted, labels=sorted(set(y.tolist())), average="macro")), 4),
        "accuracy": round(float(accuracy_score(y.astype(str), predicted.astype(str))), 4),
        "coverage_at_precision_nested": nested,
        "coverage_at_precision_oracle": {
            key: round(coverage_at_precision(confidence, correct, float(key)), 4) for key in thresholds
        },
    }


def evaluate_transfer(
    train_texts: Sequence[str],
    train_labels: Sequence[str],
    test_texts: Sequence[str],
    test_labels: Sequence[str],
    *,
    seed: int = 0,
    params: ClassifierParams | None = None,
    precisions: Sequence[float] = (0.95, 0.98),
    drop_twins: float | None = 0.5,
) -> dict[str, Any]:
    """Train on one corpus, test on another (e.g. segmented corpus → raw messages).

    Training texts that are a version of a test text (``twins_of``, cosine ≥ ``drop_twins``) are
    dropped first. Reported: macro-F1 and accuracy on the test set; coverage at precision p with
    the threshold the model chose on its own training data (``nested``, the honest figure, and
    the precision it actually reached) and, for reference, the best threshold chosen on the test
    set itself (``oracle``, optimistic). ``halves`` gives the same figures on the two fixed halves
    of the test set (:func:`dev_half`, ``seed``): design decisions look at ``dev`` only."""
    params = replace(params or ClassifierParams(), seed=seed, precisions=tuple(precisions))
    train_texts, train_labels, removed, _ = remove_exact_duplicates(
        [str(t) for t in train_texts], [str(x) for x in train_labels]
    )
    twins: set[int] = set()
    if drop_twins is not None:
        twins = twins_of(train_texts, test_texts, similarity=drop_twins)
        keep = [i for i in range(len(train_texts)) if i not in twins]
        train_texts, train_labels = [train_texts[i] for i in keep], [train_labels[i] for i in keep]
    started, cpu_started = time.perf_counter(), time.process_time()
    model = CategoryClassifier(params).fit(train_texts, train_labels)
    train_seconds = time.perf_counter() - started
    train_cpu_seconds = time.process_time() - cpu_started
    started = time.perf_counter()
    probabilities = model.predict_proba(list(test_texts))
    predict_seconds = time.perf_counter() - started
    best = probabilities.argmax(axis=1)
    predicted = np.asarray(model.labels, dtype=object)[best]
    confidence = probabilities[np.arange(len(best)), best]
    y = np.asarray([str(x) for x in test_labels], dtype=object)
    names = sorted(set(y.tolist()) | set(model.labels))
    thresholds = {f"{p:g}": model.auto_threshold(p) for p in precisions}
    scores = _transfer_scores(y, predicted, confidence, thresholds)
    dev = dev_half(test_texts, seed)
    halves = {
        name: _transfer_scores(y[mask], predicted[mask], confidence[mask], thresholds)
        for name, mask in (("dev", dev), ("heldout", ~dev))
    }
    return {
        "n_train": len(train_texts),
        "train_duplicates_removed": removed,
        "train_twins_removed": len(twins),
        "n_test": len(y),
        "seed": seed,
        "macro_f1": scores["macro_f1"],
        "accuracy": scores["accuracy"],
        "coverage_at_precision_nested": scores["coverage_at_precision_nested"],
        "coverage_at_precision_oracle": scores["coverage_at_precision_oracle"],
        "halves": halves,
        "train_seconds": round(train_seconds, 2),
        "train_cpu_seconds": round(train_cpu_seconds, 2),
        "predict_docs_per_s": round(len(y) / predict_seconds, 1) if predict_seconds else None,
        "labels_unseen_in_training": sorted(set(y.tolist()) - set(model.labels)),
        "n_labels": len(names),
    }
