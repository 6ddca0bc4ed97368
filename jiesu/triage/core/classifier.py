"""Category classifier: one linear SVM per feature block, stacked and calibrated.

``fit`` does everything on the texts it is given and nothing else:

1. learns the three feature blocks (:class:`~.features.TextFeaturizer`: characters, words,
   subject prefix) on all of them;
2. for each block, chooses its linear model by stratified inner cross-validation (macro-F1 of the
   block's out-of-fold predictions; ties go to the plain SVM, then to the smaller C): a plain
   one-vs-rest SVM with ``C`` from ``params.c_grid`` or an NBSVM (Wang & Manning 2012: each
   class's SVM sees the features scaled by their naive-Bayes log-count ratio for that class) with
   ``C`` from ``params.nb_c_grid``. An NBSVM is linear in the unscaled features (the ratio folds
   into its coefficients), so prediction costs the same whichever is chosen;
3. fits the *combiner* — a multinomial logistic regression whose inputs are the three SVMs'
   decision values — on the out-of-fold decision values of the chosen SVMs. It weighs the
   blocks against each other and turns scores into calibrated probabilities (stacking, as
   ``StackingClassifier`` does, reusing the folds of the search);
4. picks, for each precision in ``params.precisions``, the lowest confidence at which
   out-of-fold predictions keep that precision with 95 % confidence (Wilson lower bound,
   ``params.threshold_z``; :meth:`CategoryClassifier.auto_threshold`). The probabilities used
   come from a cross-fitted combiner, so the choice is not made on the combiner's own
   training data;
   With ``params.group_near_copies`` (a cosine), the inner folds keep near-copies of a text
   together (:mod:`.nearcopies`), so neither C nor the thresholds profit from re-posts; off by
   default (measured in docs/triage.md: it moved the thresholds little);
5. keeps, for each block, its chosen SVM averaged over the inner folds: for linear models,
   averaging coefficients averages decisions, and the combiner was fitted on decisions of
   fold-sized models (``params.refit=True`` refits on all texts instead; measured no better).

Labels are opaque strings: a taxonomy path such as ``"城乡建设/物业管理"`` works as well as a
first-level name. A saved model holds numpy arrays and JSON only (no pickle), so loading one can
run no code, and it does not depend on scikit-learn's internals.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp
import sklearn
from joblib import Parallel, delayed
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold, cross_val_predict
from sklearn.svm import LinearSVC

from .features import FeatureParams, TextFeaturizer
from .metrics import confidence_threshold
from .nearcopies import near_copy_groups

__all__ = ["FORMAT_VERSION", "CategoryClassifier", "ClassifierParams", "ModelFormatError", "Prediction"]

FORMAT_VERSION = 1
_MAGIC = b"JIESU-TRIAGE-CATEGORY\n"


class ModelFormatError(ValueError):
    """The bytes are not a category model this version of Jiesu can load."""


class Prediction(NamedTuple):
    """A predicted label with its calibrated probability."""

    label: str
    confidence: float


@dataclass(frozen=True)
class ClassifierParams:
    """Training settings; the defaults are the ones measured in docs/triage.md."""

    features: FeatureParams = field(default_factory=FeatureParams)
    c_grid: tuple[float, ...] = (1.0, 2.0, 4.0)
    nb_c_grid: tuple[float, ...] = (0.3, 1.0, 3.0)
    nb_alpha: float = 1.0
    combiner_c: float = 1.0
    refit: bool = False
    threshold_z: float = 1.645
    inner_folds: int = 5
    precisions: tuple[float, ...] = (0.95, 0.98)
    seed: int = 0
    n_jobs: int = 2
    group_near_copies: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """The parameters as plain JSON values."""
        values = asdict(self)
        values["features"] = self.features.as_dict()
        return {key: list(value) if isinstance(value, tuple) else value for key, value in values.items()}

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> ClassifierParams:
        """Inverse of :meth:`as_dict`."""
        features = {k: tuple(v) if isinstance(v, list) else v for k, v in values["features"].items()}
        features.setdefault("drop_stopwords", False)  # models saved before stop words kept every token
        rest = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items() if k != "features"}
        rest.setdefault("nb_c_grid", ())  # models saved before NBSVM chose among plain SVMs only
        return cls(features=FeatureParams(**features), **rest)


@dataclass
class _Linear:
    """A fitted linear scorer: ``matrix @ coef + intercept`` gives one column per label."""

    coef: np.ndarray
    intercept: np.ndarray

    @classmethod
    def from_sklearn(cls, svm: LinearSVC) -> _Linear:
        coef, intercept = svm.coef_, svm.intercept_
        if coef.shape[0] == 1:  # two labels: sklearn keeps the second label's row only
            coef, intercept = np.vstack([-coef, coef]), np.array([-intercept[0], intercept[0]])
        return cls(np.ascontiguousarray(coef.T), intercept.copy())

    def __call__(self, matrix: Any) -> np.ndarray:
        return np.asarray(matrix @ self.coef) + self.intercept


def _fit_nbsvm(matrix: Any, y: np.ndarray, n_labels: int, c: float, alpha: float) -> _Linear:
    """One-vs-rest NBSVM: class ``k``'s binary SVM is trained on the features scaled by their
    log-count ratio ``r_k = log((p/|p|) / (q/|q|))``, ``p``/``q`` = ``alpha`` + the number of
    documents of / not of class ``k`` that have the feature; its coefficients times ``r_k`` score
    the unscaled features."""
    matrix = sp.csr_matrix(matrix)
    present = matrix.copy()
    present.data[:] = 1.0
    members = sp.csr_matrix((np.ones(len(y)), (y, np.arange(len(y)))), shape=(n_labels, len(y)))
    inside = np.asarray((members @ present).todense())
    outside = inside.sum(axis=0) - inside
    inside += alpha
    outside += alpha
    ratios = np.log(inside / inside.sum(axis=1, keepdims=True)) - np.log(
        outside / outside.sum(axis=1, keepdims=True)
    )
    coef = np.zeros((matrix.shape[1], n_labels))
    intercept = np.zeros(n_labels)
    scaled = matrix.copy()
    for label in range(n_labels):
        scaled.data = matrix.data * ratios[label, matrix.indices]
        svm = LinearSVC(C=c).fit(scaled, (y == label).astype(np.int64))
        coef[:, label] = svm.coef_[0] * ratios[label]
        intercept[label] = svm.intercept_[0]
    return _Linear(coef, intercept)


def _fit_model(matrix: Any, y: np.ndarray, n_labels: int, kind: str, c: float, alpha: float) -> _Linear:
    if kind == "nbsvm":
        return _fit_nbsvm(matrix, y, n_labels, c, alpha)
    return _Linear.from_sklearn(LinearSVC(C=c).fit(matrix, y))


def _fit_fold(
    matrix: Any,
    y: np.ndarray,
    train: np.ndarray,
    valid: np.ndarray,
    candidate: tuple[str, float],
    alpha: float,
) -> tuple[_Linear, np.ndarray]:
    kind, c = candidate
    model = _fit_model(matrix[train], y[train], int(y.max()) + 1, kind, c, alpha)
    return model, model(matrix[valid])


def _splitter(folds: int, seed: int, groups: np.ndarray | None) -> StratifiedKFold | StratifiedGroupKFold:
    """Stratified folds; with ``groups``, near-copies of one text stay in one fold."""
    if groups is None:
        return StratifiedKFold(folds, shuffle=True, random_state=seed)
    return StratifiedGroupKFold(folds, shuffle=True, random_state=seed)


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    return scores


def _candidates(params: ClassifierParams) -> list[tuple[str, float]]:
    """The (kind, C) pairs the inner CV chooses from, in tie-breaking order."""
    return [("svm", c) for c in sorted(params.c_grid)] + [("nbsvm", c) for c in sorted(params.nb_c_grid)]


def _candidate_key(candidate: tuple[str, float]) -> str:
    """``"2"`` for a plain SVM with C=2 (the key older models used), ``"nb0.3"`` for an NBSVM."""
    kind, c = candidate
    return f"{c:g}" if kind == "svm" else f"nb{c:g}"


class CategoryClassifier:
    """Predicts an order's category with a calibrated confidence (see the module docstring)."""

    def __init__(self, params: ClassifierParams | None = None) -> None:
        self.params = params or ClassifierParams()
        self.metadata: dict[str, Any] = {}
        self._featurizer = TextFeaturizer(self.params.features)
        self._labels: list[str] = []
        self._svms: dict[str, _Linear] = {}
        self._combiner: _Linear | None = None

    @property
    def labels(self) -> list[str]:
        """The labels the model knows, in the column order of :meth:`predict_proba`."""
        return list(self._labels)

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> CategoryClassifier:
        """Train on ``texts`` with their ``labels`` (at least two distinct labels). ``progress(done,
        total)`` is called in the caller's thread as each model of the inner search is fitted
        (most of the time a fit takes), e.g. to move a background job's progress bar."""
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        started = time.perf_counter()
        names, y = np.unique(np.asarray([str(label) for label in labels]), return_inverse=True)
        if len(names) < 2:
            raise ValueError("a classifier needs at least two distinct labels")
        p = self.params
        texts = list(texts)
        blocks = self._featurizer.fit(texts).transform_blocks(texts)
        folds = min(p.inner_folds, int(np.bincount(y).min()))
        groups = (
            None if p.group_near_copies is None else near_copy_groups(texts, similarity=p.group_near_copies)
        )
        scores: dict[str, dict[str, float]] = {}
        thresholds: dict[str, float | None] = {f"{precision:g}": None for precision in p.precisions}
        if folds >= 2:
            chosen, oof, averaged = self._search(blocks, y, folds, scores, groups, progress)
            combiner = LogisticRegression(C=p.combiner_c, max_iter=5000).fit(oof, y)
            self._combiner = _Linear.from_sklearn(
                combiner
            )  # LinearSVC and LogisticRegression share coef_/intercept_
            if len(names) == 2:  # a logistic regression's two-label row holds the full log-odds
                self._combiner = _Linear(self._combiner.coef / 2, self._combiner.intercept / 2)
            # thresholds are chosen on combiner outputs the combiner was not fitted on
            probabilities = cross_val_predict(
                LogisticRegression(C=p.combiner_c, max_iter=5000),
                oof,
                y,
                cv=_splitter(folds, p.seed + 1, groups),
                groups=groups,
                method="predict_proba",
            )
            predicted = probabilities.argmax(axis=1)
            scores["stacked"] = {"macro_f1": round(float(f1_score(y, predicted, average="macro")), 5)}
            for precision in p.precisions:
                thresholds[f"{precision:g}"] = confidence_threshold(
                    probabilities.max(axis=1), predicted == y, precision, z=p.threshold_z
                )
        else:  # a label with one example: no cross-validation, summed scores, nothing automatic
            kind, grid = ("svm", p.c_grid) if p.c_grid else ("nbsvm", p.nb_c_grid)
            chosen = dict.fromkeys(blocks, (kind, sorted(grid)[len(grid) // 2]))
            self._combiner = None
        if p.refit or folds < 2:
            fitted = Parallel(n_jobs=p.n_jobs, prefer="threads")(
                delayed(_fit_model)(blocks[name], y, len(names), *chosen[name], p.nb_alpha) for name in blocks
            )
            self._svms = dict(zip(blocks, fitted, strict=True))
        else:
            self._svms = averaged
        self._labels = [str(name) for name in names]
        self.metadata = {
            "format_version": FORMAT_VERSION,
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "n_samples": len(texts),
            "labels": self._labels,
            "params": p.as_dict(),
            "chosen_c": {name: c for name, (_, c) in chosen.items()},
            "chosen_kind": {name: kind for name, (kind, _) in chosen.items()},
            "inner_cv_macro_f1": scores,
            "auto_thresholds": thresholds,
            "n_features": self._featurizer.n_features,
            "train_seconds": round(time.perf_counter() - started, 3),
            "sklearn_version": sklearn.__version__,
            "numpy_version": np.__version__,
        }
        digest = hashlib.sha256(b"".join(svm.coef.tobytes() for svm in self._svms.values())).hexdigest()[:8]
        stamp = self.metadata["trained_at"][:19].replace("-", "").replace(":", "")
        self.metadata["version"] = f"category-{stamp}-{digest}"
        return self

    def _search(
        self,
        blocks: dict[str, Any],
        y: np.ndarray,
        folds: int,
        scores: dict[str, dict[str, float]],
        groups: np.ndarray | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[dict[str, tuple[str, float]], np.ndarray, dict[str, _Linear]]:
        """Inner CV: each block's best (kind, C), the chosen models' out-of-fold decisions side by
        side, and each block's chosen model averaged over the folds."""
        p = self.params
        splits = list(_splitter(folds, p.seed, groups).split(np.zeros(len(y)), y, groups))
        candidates = _candidates(p)
        jobs = [
            (name, cand, train, valid) for name in blocks for cand in candidates for train, valid in splits
        ]
        results = Parallel(n_jobs=p.n_jobs, prefer="threads", return_as="generator")(
            delayed(_fit_fold)(blocks[name], y, train, valid, cand, p.nb_alpha)
            for name, cand, train, valid in jobs
        )
        oof: dict[tuple[str, tuple[str, float]], np.ndarray] = {}
        averaged: dict[tuple[str, tuple[str, float]], _Linear] = {}
        for done, ((name, cand, _, valid), (model, decisions)) in enumerate(
            zip(jobs, results, strict=True), 1
        ):
            if progress is not None:
                progress(done, len(jobs))
            oof.setdefault((name, cand), np.zeros((len(y), decisions.shape[1])))[valid] = decisions
            total = averaged.setdefault(
                (name, cand), _Linear(np.zeros_like(model.coef), np.zeros_like(model.intercept))
            )
            total.coef += model.coef / folds
            total.intercept += model.intercept / folds
        chosen: dict[str, tuple[str, float]] = {}
        for name in blocks:
            f1 = {
                cand: float(f1_score(y, oof[name, cand].argmax(axis=1), average="macro"))
                for cand in candidates
            }
            scores[name] = {_candidate_key(cand): round(value, 5) for cand, value in f1.items()}
            # ties: the first candidate, i.e. plain SVMs before NBSVMs, smaller C first
            chosen[name] = max(candidates, key=lambda cand, f1=f1: f1[cand])
        models = {name: averaged[name, chosen[name]] for name in blocks}
        return chosen, np.hstack([oof[name, chosen[name]] for name in blocks]), models

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, one row per text, columns in the order of :attr:`labels`."""
        if not self._labels:
            raise RuntimeError("CategoryClassifier used before fit")
        if not texts:
            return np.zeros((0, len(self._labels)))
        blocks = self._featurizer.transform_blocks(list(texts))
        decisions = [svm(blocks[name]) for name, svm in self._svms.items()]
        if self._combiner is None:
            return _softmax(np.sum(decisions, axis=0))
        return _softmax(self._combiner(np.hstack(decisions)))

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """The most probable label of each text with its calibrated probability."""
        probabilities = self.predict_proba(texts)
        best = probabilities.argmax(axis=1)
        confidence = probabilities[np.arange(len(best)), best]
        return [Prediction(self._labels[i], float(c)) for i, c in zip(best.tolist(), confidence, strict=True)]

    def auto_threshold(self, precision: float) -> float | None:
        """The confidence from which predictions kept ``precision`` in inner cross-validation.

        ``None`` when no threshold reached it (or it was not computed): decide nothing automatically.
        """
        return self.metadata.get("auto_thresholds", {}).get(f"{precision:g}")

    def to_bytes(self) -> bytes:
        """Serialise: magic line, JSON header with the metadata, then an ``.npz`` of arrays."""
        if not self._labels:
            raise RuntimeError("cannot save an untrained CategoryClassifier")
        arrays = dict(self._featurizer.state_arrays())
        for name, svm in self._svms.items():
            arrays[f"svm_{name}_coef"], arrays[f"svm_{name}_intercept"] = svm.coef, svm.intercept
        if self._combiner is not None:
            arrays["combiner_coef"], arrays["combiner_intercept"] = (
                self._combiner.coef,
                self._combiner.intercept,
            )
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        header = json.dumps({"format_version": FORMAT_VERSION, "metadata": self.metadata}, ensure_ascii=False)
        encoded = header.encode("utf-8")
        return _MAGIC + len(encoded).to_bytes(4, "big") + encoded + buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> CategoryClassifier:
        """Load a model saved by :meth:`to_bytes`; :class:`ModelFormatError` if it is not one."""
        if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + 4:
            raise ModelFormatError("these bytes are not a Jiesu category model")
        start = len(_MAGIC) + 4
        size = int.from_bytes(data[len(_MAGIC) : start], "big")
        try:
            header = json.loads(data[start : start + size].decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelFormatError("the model header is damaged") from exc
        version = header.get("format_version")
        if version != FORMAT_VERSION:
            raise ModelFormatError(
                f"model format {version} cannot be loaded by this Jiesu, which reads format "
                f"{FORMAT_VERSION}; retrain the model"
            )
        metadata = header["metadata"]
        model = cls(ClassifierParams.from_dict(metadata["params"]))
        try:
            with np.load(io.BytesIO(data[start + size :]), allow_pickle=False) as stored:
                arrays = {key: stored[key] for key in stored.files}
            model._featurizer.load_state_arrays(arrays)
            model._svms = {
                name: _Linear(arrays[f"svm_{name}_coef"], arrays[f"svm_{name}_intercept"])
                for name in metadata["chosen_c"]
            }
            if "combiner_coef" in arrays:
                model._combiner = _Linear(arrays["combiner_coef"], arrays["combiner_intercept"])
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise ModelFormatError("the model arrays are damaged") from exc
        model._labels = list(metadata["labels"])
        model.metadata = metadata
        return model
