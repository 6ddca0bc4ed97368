"""Stop words: tokens that carry no category and that a cleaned corpus has removed.

Public labelled corpora of citizen messages (such as the tipdm one) are often released
pre-processed: segmented and with a stop-word list applied, while new orders arrive as typed.
A classifier trained on one and applied to the other sees different character and word n-grams
for the same complaint ("a市…有安全隐患" against "市…安全隐患"). Dropping the same stop words on both
sides, before any feature is computed, makes them look alike.

The shipped list (``data/stopwords_zh.txt``) is *derived*, not copied: :func:`derive_stopwords`
keeps every rjieba token that occurs in at least ``min_share`` of the raw messages of *each* raw
collection given, while the pre-processed corpus's own tokens contain it at most ``max_ratio``
times as often — i.e. the corpus's pre-processing removed it. ``bench/triage_stopwords.py``
rebuilds the file from the public tipdm data (raw messages of 附件3 and 附件4, tokens of the
segmented 附件2; no labels are used, and none of the 495 labelled raw messages).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import rjieba

from .text import compact_many

__all__ = ["STOPWORDS_FILE", "derive_stopwords", "load_stopwords"]

STOPWORDS_FILE = Path(__file__).with_name("data") / "stopwords_zh.txt"


def _document_shares(token_sets: Iterable[set[str]]) -> tuple[Counter[str], int]:
    counts: Counter[str] = Counter()
    documents = 0
    for tokens in token_sets:
        counts.update(tokens)
        documents += 1
    return counts, documents


def derive_stopwords(
    raw_collections: Sequence[Sequence[str]],
    segmented_corpus: Sequence[str],
    *,
    min_share: float = 0.003,
    max_ratio: float = 0.02,
) -> list[str]:
    """The tokens the pre-processing of ``segmented_corpus`` removed (see the module docstring).

    ``raw_collections``: one or more lists of messages as typed; a token must be common
    (document share ≥ ``min_share``) in every one of them, so that a topic hot in one collection
    only is not taken for a function word. ``segmented_corpus``: space-separated tokens.
    Sorted by descending share in the first raw collection, then by the token.

    >>> derive_stopwords([["我们的小区停水了", "我们的路灯坏了"]], ["小区 停水", "路灯 坏"], min_share=0.5)
    ['了', '我们', '的']
    """
    if not raw_collections:
        raise ValueError("at least one raw collection is needed")
    corpus, n_corpus = _document_shares(set(text.lower().split()) for text in segmented_corpus)
    if not n_corpus:
        raise ValueError("the segmented corpus is empty")
    shares: list[dict[str, float]] = []
    for collection in raw_collections:
        unique = list(dict.fromkeys(compact_many(list(collection))))
        counts, n_raw = _document_shares(set(rjieba.cut(text)) for text in unique)
        if not n_raw:
            raise ValueError("a raw collection is empty")
        shares.append({token: count / n_raw for token, count in counts.items()})
    stop = []
    for token in shares[0]:
        least = min(share.get(token, 0.0) for share in shares)
        if least >= min_share and corpus[token] / n_corpus <= max_ratio * least:
            stop.append(token)
    return sorted(stop, key=lambda token: (-shares[0][token], token))


@cache
def load_stopwords() -> frozenset[str]:
    """The shipped stop words (lines of ``STOPWORDS_FILE``; ``#`` starts a comment line)."""
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
