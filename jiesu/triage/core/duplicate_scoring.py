"""Scoring duplicate proposals against known repeats: the benchmark on the tipdm repeat posts
(`bench/triage.py`) and the replay of a street's own 并单 decisions (`jiesu triage
duplicates-replay`) count the same way.

Truth is a set of pairs known to be about one problem; its transitive closure makes clusters
(orders in one cluster are about one problem). Order level (top-1): every order that has an
earlier order of its cluster should get one of them as its best proposal. Pair level: every
proposed pair against all earlier pairs of a cluster.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

__all__ = ["clusters", "proposal_scores"]


def clusters(pairs: Iterable[Iterable[Hashable]]) -> dict[Hashable, Hashable]:
    """Connected components of ``pairs``: item → representative.

    >>> c = clusters([("a", "b"), ("b", "c"), ("x", "y")])
    >>> c["a"] == c["c"] != c["x"] == c["y"]
    True
    """
    parent: dict[Hashable, Hashable] = {}

    def root(x: Hashable) -> Hashable:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in (tuple(pair) for pair in pairs):
        parent[root(a)] = root(b)
    return {x: root(x) for x in parent}


def proposal_scores(
    found: Mapping[Hashable, Sequence[tuple]],
    truth: Iterable[Iterable[Hashable]],
    threshold: float,
    queries: set | None = None,
    *,
    labelled: set[frozenset] | None = None,
    caller_bonus: float = 0.0,
) -> dict[str, Any]:
    """Order-level (top-1) and pair-level precision/recall at ``threshold``.

    ``found`` maps each order, **in time order**, to its proposals ``(id, score[, same_caller])``
    among earlier orders. ``caller_bonus`` is added to the score of proposals from the same
    caller. Only orders in ``queries`` (all when None) are scored; every order is a candidate.
    With ``labelled`` (every pair that was looked at), wrong top proposals that no one labelled
    are counted apart (``wrong_top1_unlabelled``).
    """
    cluster = clusters(truth)

    def same(a: Hashable, b: Hashable) -> bool:
        return a in cluster and cluster.get(a) == cluster.get(b)

    seen: list[Hashable] = []
    should = proposed = right = found_right = unlabelled_top1 = 0
    pairs_proposed = pairs_right = pairs_possible = 0
    for order_id, matches in found.items():
        if queries is not None and order_id not in queries:
            seen.append(order_id)
            continue
        rescored = sorted(
            ((m[1] + caller_bonus * (len(m) > 2 and bool(m[2])), m[0]) for m in matches), key=lambda x: -x[0]
        )
        kept = [i for s, i in rescored if s >= threshold]
        earlier = sum(same(order_id, other) for other in seen) if order_id in cluster else 0
        should += earlier > 0
        if kept:
            proposed += 1
            correct = same(order_id, kept[0])
            right += correct
            found_right += correct and earlier > 0
            if labelled is not None:
                unlabelled_top1 += not correct and frozenset((order_id, kept[0])) not in labelled
        pairs_proposed += len(kept)
        pairs_right += sum(same(order_id, i) for i in kept)
        pairs_possible += earlier
        seen.append(order_id)
    result = {
        "threshold": round(threshold, 2),
        "orders": len(found) if queries is None else len(queries),
        "orders_with_earlier_duplicate": should,
        "precision": round(right / proposed, 4) if proposed else None,
        "recall": round(found_right / should, 4) if should else None,
        "orders_proposed": proposed,
        "pair_precision": round(pairs_right / pairs_proposed, 4) if pairs_proposed else None,
        "pair_recall": round(pairs_right / pairs_possible, 4) if pairs_possible else None,
        "cluster_pairs": pairs_possible,
    }
    if labelled is not None:
        result["wrong_top1_unlabelled"] = unlabelled_top1
    return result
