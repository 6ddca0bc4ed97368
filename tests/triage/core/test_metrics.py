import pytest

from jiesu.triage.core import confidence_threshold, coverage_at_precision

# Sorted by confidence: right, right, wrong, right, right.
# Precision of the prefixes: 1/1, 2/2, 2/3, 3/4, 4/5.
CONFIDENCE = [0.9, 0.8, 0.7, 0.6, 0.5]
CORRECT = [True, True, False, True, True]


@pytest.mark.parametrize(
    ("precision", "coverage", "threshold"),
    [(1.0, 0.4, 0.8), (0.95, 0.4, 0.8), (0.75, 1.0, 0.5), (0.7, 1.0, 0.5)],
)
def test_coverage_is_the_largest_prefix_that_keeps_the_precision(precision, coverage, threshold):
    assert coverage_at_precision(CONFIDENCE, CORRECT, precision) == coverage
    assert confidence_threshold(CONFIDENCE, CORRECT, precision) == threshold


def test_tied_confidences_are_decided_together():
    # the two 0.8s cannot be separated by a threshold: taking one means taking both
    assert coverage_at_precision([0.9, 0.8, 0.8, 0.5], [True, True, False, True], 0.9) == 0.25


def test_nothing_is_decided_when_even_the_top_prediction_is_wrong():
    assert coverage_at_precision([0.9, 0.1], [False, True], 0.9) == 0.0
    assert confidence_threshold([0.9, 0.1], [False, True], 0.9) is None


def test_a_wilson_margin_asks_for_more_evidence():
    confidence = [1 - i / 1000 for i in range(200)]
    correct = [True] * 200
    assert confidence_threshold(confidence, correct, 0.98) == confidence[-1]
    assert confidence_threshold(confidence, correct, 0.98, z=1.645) == confidence[-1]  # 200/200 is enough
    assert confidence_threshold(confidence[:20], correct[:20], 0.98, z=1.645) is None  # 20/20 is not
