"""Near-copies: texts that are versions of one another (re-posts, a message and its cleaned form).

Cross-validation that puts one version in the training part and another in the held-out part
measures recall of a memorised text, not classification: its scores and the confidence
thresholds chosen on them come out too good. :func:`near_copy_groups` gives every text a group
id so that versions of one text stay in the same fold (``StratifiedGroupKFold``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from .text import compact_many

__all__ = ["near_copy_groups", "similar_pairs"]


def similar_pairs(texts: Sequence[str], others: Sequence[str] | None = None, *, similarity: float = 0.5):
    """Sparse matrix of char-bigram TF-IDF cosines ≥ ``similarity`` between ``texts`` and
    ``others`` (``texts`` themselves when ``None``; the diagonal is then kept)."""
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True)
    left = vectorizer.fit_transform(compact_many(list(texts)))
    right = left if others is None else vectorizer.transform(compact_many(list(others)))
    cosine = (left @ right.T).tocsr()
    cosine.data[cosine.data < similarity] = 0
    cosine.eliminate_zeros()
    return cosine


def near_copy_groups(texts: Sequence[str], *, similarity: float = 0.5) -> np.ndarray:
    """A group id per text: texts linked by a chain of cosines ≥ ``similarity`` share one.

    >>> near_copy_groups(["小区停水三天了", "小区 停水 三天", "路灯不亮"]).tolist()
    [0, 0, 1]
    """
    if not texts:
        return np.zeros(0, dtype=np.int64)
    _, labels = connected_components(similar_pairs(texts, similarity=similarity), directed=False)
    return labels.astype(np.int64)
