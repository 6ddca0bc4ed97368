"""Counting duplicate proposals against known repeats (shared by the tipdm benchmark and the
street's replay)."""

from jiesu.triage.core.duplicate_scoring import clusters, proposal_scores

# in time order: b repeats a, c repeats b (so a too, by closure), d is about something else
FOUND = {
    "a": [],
    "b": [("a", 0.9)],
    "c": [("d", 0.5), ("a", 0.45)],
    "d": [("c", 0.6)],
}
TRUTH = {frozenset(("a", "b")), frozenset(("b", "c"))}


def test_clusters_are_the_transitive_closure():
    found = clusters(TRUTH)
    assert found["a"] == found["b"] == found["c"]


def test_top_proposals_are_scored_at_the_threshold():
    result = proposal_scores(FOUND, TRUTH, 0.42)

    assert result["orders_with_earlier_duplicate"] == 2  # b and c
    assert result["orders_proposed"] == 3  # b, c, d
    assert result["precision"] == round(1 / 3, 4)  # only b's best proposal is of its cluster
    assert result["recall"] == 0.5  # c's best proposal was d
    assert result["pair_precision"] == 0.5  # b→a and c→a right; c→d and d→c wrong
    assert result["pair_recall"] == round(2 / 3, 4)  # of a–b, a–c, b–c


def test_a_higher_threshold_drops_weak_proposals():
    result = proposal_scores(FOUND, TRUTH, 0.55)

    assert result["orders_proposed"] == 2  # c's proposals are all under 0.55
    assert result["recall"] == 0.5


def test_a_caller_bonus_reorders_the_proposals():
    found = FOUND | {"c": [("d", 0.5, False), ("a", 0.45, True)]}

    result = proposal_scores(found, TRUTH, 0.42, caller_bonus=0.1)

    assert result["recall"] == 1.0


def test_only_the_queries_are_scored_but_every_order_is_earlier_for_the_next():
    result = proposal_scores(FOUND, TRUTH, 0.42, {"c"})

    assert result["orders"] == 1
    assert result["orders_with_earlier_duplicate"] == 1
    assert result["precision"] == 0.0


def test_unlabelled_wrong_proposals_are_counted_when_the_labelled_pairs_are_given():
    result = proposal_scores(FOUND, TRUTH, 0.42, labelled=TRUTH | {frozenset(("c", "d"))})

    assert result["wrong_top1_unlabelled"] == 0
    assert "wrong_top1_unlabelled" not in proposal_scores(FOUND, TRUTH, 0.42)
