"""Jiesu's triage text core: pure Python (numpy, scipy, scikit-learn, rjieba), no Django.

- :class:`CategoryClassifier` — category with a calibrated confidence, versioned bytes.
- :func:`evaluate` — the cross-validation protocol behind ``jiesu triage evaluate``.
- :class:`DuplicateFinder` — earlier open or recent orders about the same problem and place.
- :mod:`.text` — normalisation and segmentation shared by all of them.
"""

from .classifier import FORMAT_VERSION, CategoryClassifier, ClassifierParams, ModelFormatError, Prediction
from .datasets import load_labelled
from .duplicates import DuplicateFinder, DuplicateMatch, DuplicateParams, OrderText
from .evaluation import evaluate, remove_exact_duplicates
from .features import FeatureParams, TextFeaturizer
from .metrics import confidence_threshold, coverage_at_precision
from .text import compact, normalize, segment

__all__ = [
    "FORMAT_VERSION",
    "CategoryClassifier",
    "ClassifierParams",
    "DuplicateFinder",
    "DuplicateMatch",
    "DuplicateParams",
    "FeatureParams",
    "ModelFormatError",
    "OrderText",
    "Prediction",
    "TextFeaturizer",
    "compact",
    "confidence_threshold",
    "coverage_at_precision",
    "evaluate",
    "load_labelled",
    "normalize",
    "remove_exact_duplicates",
    "segment",
]
