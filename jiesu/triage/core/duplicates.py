"""Finding earlier orders about the same problem at the same place (merge proposals).

A :class:`DuplicateFinder` keeps an index of orders. ``find(order)`` looks at the orders that
came in no later than it and are still open, or were received within ``recent_days`` before
it, and scores each one:

- **text similarity** — ``word_weight`` × cosine of rjieba word TF-IDF + (1 − ``word_weight``) ×
  cosine of character uni/bigram TF-IDF, on the compact text. Words carry the problem and the
  place names; characters survive typos and segmentation differences. Terms weigh
  ``tf × idf ** idf_power``: a power above 1 lets rare terms (names of compounds, companies,
  case numbers) count more than shared boilerplate. Terms are hashed into
  ``2**hash_bits`` buckets per block, so the index needs no vocabulary and grows one order at a
  time. IDF comes from the indexed orders themselves and is refreshed when the index has grown
  by ``idf_refresh`` since the last refresh (and on :meth:`DuplicateFinder.refresh`).
- **place** — when both orders have a place key and the keys differ, the candidate is dropped
  (the same problem at another place is another order); equal keys add ``same_place_bonus``.
- **category** — equal category keys (the taxonomy path, predicted or set by a dispatcher) add
  ``same_category_bonus``: short orders about one problem often share only a few words.
- **caller** — an equal caller adds ``same_caller_bonus`` (0 by default: on the tipdm repeat
  posts, people who write often also write about different problems, and a bonus hurt).
- **rare phrase in the subject** — a re-worded repost usually keeps the *name* of what it is
  about (丽发新城搅拌站, 万科魅力之城, 滨江雅苑限价房) while the rest of the wording changes. The
  subject's character ``rare_phrase_chars``-grams (1–3 characters) that are rare in the index
  (in at most ``rare_phrase_share`` of the indexed subjects, the query itself not counted) and
  that the candidate's subject also has are counted; ``rare_phrase_weight`` × log(1 + count) is
  added.
  Only orders given a ``subject`` (标题/留言主题) take part. Weight, gram length and share were
  chosen on the tuning half of the tipdm repeat posts at the fixed threshold
  (``bench/triage.py --only duplicates_rare_phrase``, docs/triage.md).

Matches scoring at least ``threshold`` are returned, best first. An earlier order received within
``same_day_hours`` whose text similarity reaches ``same_day_similarity`` (and that is not at
another place) is always returned: two near-identical reports of one day are one problem. ``threshold``, ``word_weight``
and ``idf_power`` were tuned on one half of the tipdm repeat posts, the place and category
bonuses on a generated paraphrase set (docs/triage.md has the protocol and the numbers). Everything is vectorised: a query costs
one sparse gather over the postings of its own terms.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp

from .features import text_batches
from .ngrams import char_symbols, count_matrix, hash_buckets, ngram_keys
from .text import compact_many

__all__ = ["DuplicateFinder", "DuplicateMatch", "DuplicateParams", "OrderText"]

_BLOCKS = ("word", "char")  # the text similarity
_ALL_BLOCKS = (*_BLOCKS, "phrase")  # phrase: the subject's character n-grams, 0/1


@dataclass(frozen=True)
class OrderText:
    """What the finder needs to know about an order."""

    id: Hashable
    text: str
    received_at: datetime
    place: str | None = None
    caller: str | None = None
    category: str | None = None
    is_open: bool = True
    subject: str | None = None  # the title (标题/留言主题): the rare-phrase signal reads it


@dataclass(frozen=True)
class DuplicateMatch:
    """An earlier order that is probably about the same problem."""

    id: Hashable
    score: float
    text_similarity: float
    same_place: bool | None
    same_caller: bool
    same_category: bool | None


@dataclass(frozen=True)
class DuplicateParams:
    """Thresholds and weights of the duplicate finder (see the module docstring)."""

    threshold: float = 0.42
    word_weight: float = 0.85
    recent_days: float = 90.0
    same_place_bonus: float = 0.1
    same_category_bonus: float = 0.3
    same_caller_bonus: float = 0.0
    drop_other_place: bool = True
    idf_power: float = 2.0
    hash_bits: int = 20
    idf_refresh: float = 0.05
    limit: int = 5
    same_day_hours: float = 24.0
    same_day_similarity: float = 0.5
    char_ngrams: tuple[int, int] = (1, 2)
    # chosen on the tuning half (seed 0) of the tipdm repeat posts at threshold 0.42:
    # bench/triage.py --only duplicates_rare_phrase (grid and figures in docs/triage.md)
    rare_phrase_weight: float = 0.02
    rare_phrase_chars: int = 3
    rare_phrase_share: float = 0.005


class DuplicateFinder:
    """An incremental index of orders that answers "which earlier orders is this a repeat of?".

    Rows live in two parts per block: a column-major (CSC) *main* part that queries gather from
    by term, and a small row-major *recent* part for orders added since the main part was
    last rebuilt. The main part is rebuilt when the recent part outgrows a quarter of it, so
    adding orders one by one costs amortised O(log n) copies each.
    """

    def __init__(self, params: DuplicateParams | None = None) -> None:
        self.params = params or DuplicateParams()
        width = 1 << self.params.hash_bits
        self._ids: list[Hashable] = []
        self._row_of: dict[Hashable, int] = {}
        self._times = np.zeros(0)
        self._open = np.zeros(0, dtype=bool)
        self._alive = np.zeros(0, dtype=bool)
        self._places = np.zeros(0, dtype=np.int64)
        self._callers = np.zeros(0, dtype=np.int64)
        self._categories = np.zeros(0, dtype=np.int64)
        self._codes: dict[str, dict[str, int]] = {"place": {}, "caller": {}, "category": {}}
        self._main = {name: sp.csc_matrix((0, width)) for name in _ALL_BLOCKS}
        self._recent = {name: sp.csr_matrix((0, width)) for name in _ALL_BLOCKS}
        self._df = {name: np.zeros(width) for name in _ALL_BLOCKS}
        self._idf = {name: np.ones(width) for name in _BLOCKS}
        self._norms = {name: np.zeros(0) for name in _BLOCKS}
        self._idf_docs = 0
        self._query_buffer = np.zeros(width)

    def __len__(self) -> int:
        return int(self._alive.sum())

    def add(self, orders: Iterable[OrderText]) -> None:
        """Index ``orders`` (an order already indexed is replaced)."""
        orders = list(orders)
        if not orders:
            return
        self.remove(order.id for order in orders if order.id in self._row_of)
        tf = self._term_frequencies([order.text for order in orders])
        tf["phrase"] = self._subject_grams([order.subject for order in orders])
        start = len(self._ids)
        for offset, order in enumerate(orders):
            self._row_of[order.id] = start + offset
            self._ids.append(order.id)
        self._times = np.append(self._times, [order.received_at.timestamp() for order in orders])
        self._open = np.append(self._open, [order.is_open for order in orders])
        self._alive = np.append(self._alive, np.ones(len(orders), dtype=bool))
        self._places = np.append(self._places, [self._code("place", order.place) for order in orders])
        self._callers = np.append(self._callers, [self._code("caller", order.caller) for order in orders])
        self._categories = np.append(
            self._categories, [self._code("category", order.category) for order in orders]
        )
        for name in _ALL_BLOCKS:
            np.add.at(self._df[name], tf[name].indices, 1.0)
            self._recent[name] = sp.vstack([self._recent[name], tf[name]], format="csr")
        for name in _BLOCKS:
            self._norms[name] = np.append(self._norms[name], self._row_norms(tf[name], name))
        if self._recent["word"].shape[0] > max(256, self._main["word"].shape[0] // 4):
            for name in _ALL_BLOCKS:
                self._main[name] = sp.vstack([self._main[name].tocsr(), self._recent[name]], format="csc")
                self._recent[name] = sp.csr_matrix((0, 1 << self.params.hash_bits))
        if len(self._ids) >= (1 + self.params.idf_refresh) * max(self._idf_docs, 1):
            self.refresh()

    def holds(self, order: OrderText) -> bool:
        """Whether ``order`` is indexed with the same place and category (re-adding is useless)."""
        row = self._row_of.get(order.id)
        if row is None:
            return False
        codes = self._codes
        return bool(
            self._places[row] == codes["place"].get(order.place, -1)
            and self._categories[row] == codes["category"].get(order.category, -1)
        )

    def set_open(self, order_id: Hashable, is_open: bool) -> None:
        """Record that an indexed order was closed (or reopened)."""
        self._open[self._row_of[order_id]] = is_open

    def remove(self, order_ids: Iterable[Hashable]) -> None:
        """Forget indexed orders (unknown ids are ignored)."""
        for order_id in list(order_ids):
            row = self._row_of.pop(order_id, None)
            if row is not None:
                self._alive[row] = False

    def refresh(self) -> None:
        """Recompute IDF from the indexed orders and every order's norm with it."""
        n = len(self._ids)
        for name in _BLOCKS:
            self._idf[name] = (np.log((1.0 + n) / (1.0 + self._df[name])) + 1.0) ** self.params.idf_power
            rows = sp.vstack([self._main[name].tocsr(), self._recent[name]], format="csr")
            self._norms[name] = self._row_norms(rows, name)
        self._idf_docs = n

    def find(self, order: OrderText, *, limit: int | None = None) -> list[DuplicateMatch]:
        """Earlier open or recent orders that ``order`` probably repeats, best first."""
        p = self.params
        candidates = self._candidates(order)
        if not candidates.any():
            return []
        similarity = self.similarities(order.text)
        place = self._code("place", order.place)
        caller = self._code("caller", order.caller)
        category = self._code("category", order.category)
        place_known = (self._places >= 0) & (place >= 0)
        same_place = place_known & (self._places == place)
        category_known = (self._categories >= 0) & (category >= 0)
        same_category = category_known & (self._categories == category)
        same_caller = (caller >= 0) & (self._callers == caller)
        if p.drop_other_place:
            candidates &= ~(place_known & ~same_place)
        score = (
            similarity
            + p.same_place_bonus * same_place
            + p.same_category_bonus * same_category
            + p.same_caller_bonus * same_caller
            + p.rare_phrase_weight * np.log1p(self.shared_rare_phrases(order))
        )
        same_day = (self._times >= order.received_at.timestamp() - p.same_day_hours * 3600) & (
            similarity >= p.same_day_similarity
        )
        score = np.where(candidates & same_day, np.maximum(score, p.threshold), score)
        rows = np.flatnonzero(candidates & (score >= p.threshold))
        rows = rows[np.argsort(-score[rows], kind="stable")][: limit or p.limit]
        return [
            DuplicateMatch(
                id=self._ids[row],
                score=round(float(score[row]), 4),
                text_similarity=round(float(similarity[row]), 4),
                same_place=bool(same_place[row]) if place_known[row] else None,
                same_caller=bool(same_caller[row]),
                same_category=bool(same_category[row]) if category_known[row] else None,
            )
            for row in rows
        ]

    def similarities(self, text: str) -> np.ndarray:
        """Text similarity of ``text`` to every indexed row (0 for removed rows)."""
        query = self._term_frequencies([text])
        total = np.zeros(len(self._ids))
        for name, weight in zip(_BLOCKS, (self.params.word_weight, 1 - self.params.word_weight), strict=True):
            terms, tf = query[name].indices, query[name].data
            idf = self._idf[name][terms]
            query_norm = float(np.sqrt(np.sum((tf * idf) ** 2)))
            if not query_norm:
                continue
            weights = tf * idf * idf
            # the recent part is row-major: multiply it by the query spread into a reusable dense
            # vector (cost ~ its non-zeros) rather than slicing its columns (cost ~ 2**hash_bits)
            recent = self._recent[name]
            recent_dots = np.zeros(0)
            if recent.shape[0]:
                self._query_buffer[terms] = weights
                recent_dots = recent @ self._query_buffer
                self._query_buffer[terms] = 0.0
            dots = np.concatenate([self._main[name][:, terms] @ weights, recent_dots])
            norms = self._norms[name]
            safe = np.where(norms > 0, norms, 1.0)
            total += weight * np.where(norms > 0, dots / (safe * query_norm), 0.0)
        return total * self._alive

    def shared_rare_phrases(self, order: OrderText) -> np.ndarray:
        """Per indexed row: how many of the rare n-grams of ``order``'s subject its subject has.

        Rare: in at most ``rare_phrase_share`` of the indexed orders, ``order`` itself not
        counted when it is indexed. Cost: the postings of the query's rare n-grams only.
        """
        shared = np.zeros(len(self._ids))
        if not self.params.rare_phrase_weight or not order.subject:
            return shared
        terms = self._subject_grams([order.subject]).indices
        own = order.id in self._row_of
        df = self._df["phrase"][terms] - own
        terms = terms[df <= max(1.0, self.params.rare_phrase_share * len(self._ids))]
        if not len(terms):
            return shared
        recent = self._recent["phrase"]
        recent_counts = np.zeros(0)
        if recent.shape[0]:  # row-major: through the dense buffer, as in similarities()
            self._query_buffer[terms] = 1.0
            recent_counts = recent @ self._query_buffer
            self._query_buffer[terms] = 0.0
        shared += np.concatenate([self._main["phrase"][:, terms] @ np.ones(len(terms)), recent_counts])
        return shared * self._alive

    def _candidates(self, order: OrderText) -> np.ndarray:
        now = order.received_at.timestamp()
        recent = self._times >= now - self.params.recent_days * 86400
        candidates = self._alive & (self._times <= now) & (self._open | recent)
        row = self._row_of.get(order.id)
        if row is not None:
            candidates[row] = False
        return candidates

    def _term_frequencies(self, texts: Sequence[str]) -> dict[str, sp.csr_matrix]:
        """Sublinear term frequencies (1 + log tf) per hashed bucket, for each block."""
        batches = text_batches(texts, char_ngrams=self.params.char_ngrams, word_ngrams=(1, 1))
        out = {}
        for name in _BLOCKS:
            batch = batches[name]
            buckets = hash_buckets(batch.keys, self.params.hash_bits)
            matrix = count_matrix(batch.docs, buckets, batch.n_docs, 1 << self.params.hash_bits)
            matrix.data = 1.0 + np.log(matrix.data)
            out[name] = matrix
        return out

    def _subject_grams(self, subjects: Sequence[str | None]) -> sp.csr_matrix:
        """0/1 per hashed bucket: the character ``rare_phrase_chars``-grams of each compact subject."""
        n = self.params.rare_phrase_chars
        symbols, lengths = char_symbols(compact_many([subject or "" for subject in subjects]))
        batch = ngram_keys(symbols, lengths, (n, n))
        buckets = hash_buckets(batch.keys, self.params.hash_bits)
        matrix = count_matrix(batch.docs, buckets, batch.n_docs, 1 << self.params.hash_bits)
        matrix.data[:] = 1.0
        return matrix

    def _row_norms(self, tf: sp.csr_matrix, name: str) -> np.ndarray:
        rows = np.repeat(np.arange(tf.shape[0]), np.diff(tf.indptr))
        weighted = tf.data * self._idf[name][tf.indices]
        return np.sqrt(np.bincount(rows, weights=weighted**2, minlength=tf.shape[0]))

    def _code(self, kind: str, value: str | None) -> int:
        if value is None:
            return -1
        return self._codes[kind].setdefault(value, len(self._codes[kind]))
