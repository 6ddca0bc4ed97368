"""Coverage at a precision: how much can be decided automatically while staying right enough.

Predictions are sorted by confidence, highest first. Deciding automatically every prediction with
confidence ≥ t accepts a prefix of that order; the *threshold* for precision p is the lowest t
whose accepted prefix still has precision ≥ p, and the *coverage* is the share of documents that
prefix holds. Predictions with equal confidence are accepted or refused together, because a
threshold cannot separate them.

The largest prefix that reaches p on the predictions it was chosen on is an optimistic pick: on
new predictions the same threshold keeps a little less than p. With ``z > 0``,
:func:`confidence_threshold` asks instead that the one-sided Wilson lower bound of the prefix's
precision (``z`` = 1.645 for 95 %) reach p, which leaves a margin that shrinks as data grows.
"""

from __future__ import annotations

import numpy as np

__all__ = ["confidence_threshold", "coverage_at_precision"]


def _wilson_lower(successes: np.ndarray, totals: np.ndarray, z: float) -> np.ndarray:
    share = successes / totals
    centre = share + z * z / (2 * totals)
    spread = z * np.sqrt(share * (1 - share) / totals + z * z / (4 * totals * totals))
    return (centre - spread) / (1 + z * z / totals)


def _best_cut(confidence: np.ndarray, correct: np.ndarray, precision: float, z: float = 0.0) -> int:
    """Index (in descending-confidence order) of the last accepted prediction, or -1."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    if confidence.shape != correct.shape:
        raise ValueError("confidence and correct must have the same length")
    if not len(confidence):
        return -1
    order = np.argsort(-confidence, kind="stable")
    ranked = confidence[order]
    totals = np.arange(1, len(order) + 1)
    successes = np.cumsum(correct[order])
    precisions = _wilson_lower(successes, totals, z) if z > 0 else successes / totals
    ends_tie_group = np.append(ranked[1:] != ranked[:-1], True)
    candidates = np.flatnonzero(ends_tie_group & (precisions >= precision - 1e-12))
    return int(candidates[-1]) if len(candidates) else -1


def coverage_at_precision(confidence: np.ndarray, correct: np.ndarray, precision: float) -> float:
    """Largest share of predictions decided automatically with precision ≥ ``precision``.

    >>> coverage_at_precision([0.9, 0.8, 0.7, 0.6, 0.5], [1, 1, 0, 1, 1], 0.95)
    0.4
    """
    cut = _best_cut(np.asarray(confidence), np.asarray(correct), precision)
    return (cut + 1) / len(confidence) if cut >= 0 else 0.0


def confidence_threshold(
    confidence: np.ndarray, correct: np.ndarray, precision: float, *, z: float = 0.0
) -> float | None:
    """The confidence from which predictions are decided automatically, or ``None`` if none can be.

    >>> confidence_threshold([0.9, 0.8, 0.7, 0.6, 0.5], [1, 1, 0, 1, 1], 0.95)
    0.8
    >>> confidence_threshold([0.9, 0.8, 0.7, 0.6, 0.5], [1, 1, 0, 1, 1], 0.95, z=1.645) is None
    True
    """
    confidence = np.asarray(confidence, dtype=float)
    cut = _best_cut(confidence, np.asarray(correct), precision, z)
    return float(np.sort(confidence)[::-1][cut]) if cut >= 0 else None
