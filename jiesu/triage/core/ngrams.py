"""Vectorised n-gram keys and an exact hash index from n-gram keys to columns.

A batch of documents becomes one flat array of non-zero 21-bit *symbols* (Unicode code points
for characters, vocabulary ids for words) with a ``0`` after each document. An n-gram of up to
three symbols packs into one ``uint64`` key (``s1 << 42 | s2 << 21 | s3``); unigram, bigram and
trigram keys cannot collide because every symbol is non-zero. Everything is numpy: no Python
loop runs per character, which is what makes prediction on thousands of orders a second
possible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

__all__ = [
    "NgramBatch",
    "NgramIndex",
    "char_symbols",
    "count_matrix",
    "hash_buckets",
    "ngram_keys",
    "word_keys",
]

SYMBOL_BITS = 21
MAX_ORDER = 3
_U64 = np.uint64
_EMPTY = np.uint64(0)  # no n-gram key is 0 because symbols are non-zero
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_SECOND = np.uint64(0xC2B2AE3D27D4EB4F)


@dataclass(frozen=True)
class NgramBatch:
    """N-gram occurrences of a batch, in document order.

    ``keys[i]`` occurs in document ``docs[i]`` (non-decreasing); ``n_docs`` counts the batch.
    """

    keys: np.ndarray
    docs: np.ndarray
    n_docs: int


def char_symbols(docs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return (symbols, lengths): the code points of all ``docs`` with a 0 after each one.

    Documents must not contain U+0000 (compact text never does).
    """
    joined = "\x00".join(docs) + "\x00"
    symbols = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(_U64)
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    return symbols, lengths


def ngram_keys(symbols: np.ndarray, lengths: np.ndarray, orders: tuple[int, int]) -> NgramBatch:
    """Return every n-gram key with ``orders[0] <= n <= orders[1]`` that stays inside a document.

    ``symbols`` holds the documents back to back with one 0 after each (see :func:`char_symbols`);
    ``lengths`` holds each document's length without that 0.
    """
    low, high = orders
    if not 1 <= low <= high <= MAX_ORDER:
        raise ValueError(f"n-gram orders must satisfy 1 <= low <= high <= {MAX_ORDER}, got {orders}")
    n_docs = len(lengths)
    total = len(symbols)
    nonzero = symbols != 0
    key = symbols.copy()
    valid = nonzero.copy()
    width = high - low + 1
    all_keys = np.empty((total, width), dtype=_U64)
    all_valid = np.empty((total, width), dtype=bool)
    for n in range(1, high + 1):
        if n > 1:
            span = total - n + 1
            key[:span] = (key[:span] << _U64(SYMBOL_BITS)) | symbols[n - 1 :]
            valid[:span] &= nonzero[n - 1 :]
            valid[span:] = False
        if n >= low:
            all_keys[:, n - low] = key
            all_valid[:, n - low] = valid
    doc_of_symbol = np.repeat(np.arange(n_docs, dtype=np.int64), lengths + 1)
    mask = all_valid.ravel()
    return NgramBatch(
        keys=all_keys.ravel()[mask],
        docs=np.repeat(doc_of_symbol, width)[mask],
        n_docs=n_docs,
    )


_POLY = 0x100000001B3  # odd, so invertible modulo 2^64
_POLY_INVERSE = pow(_POLY, -1, 1 << 64)
_powers_cache: list[np.ndarray] = [np.ones(1, dtype=_U64), np.ones(1, dtype=_U64)]


def _powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """P^i and P^-i modulo 2^64 for i < size (cached, grown on demand)."""
    if len(_powers_cache[0]) < size:
        size = max(size, 2 * len(_powers_cache[0]))
        for slot, base in enumerate((_POLY, _POLY_INVERSE)):
            steps = np.full(size, base, dtype=_U64)
            steps[0] = 1
            _powers_cache[slot] = np.cumprod(steps, dtype=_U64)  # wraps modulo 2^64
    return _powers_cache[0], _powers_cache[1]


def _mix(values: np.ndarray) -> np.ndarray:
    values = values * _GOLDEN
    return values ^ (values >> _U64(31))


def word_keys(
    symbols: np.ndarray, token_lengths: np.ndarray, tokens_per_doc: np.ndarray, orders: tuple[int, int]
) -> NgramBatch:
    """Return the keys of word n-grams, each word being a run of ``symbols``.

    ``symbols`` is the output of :func:`char_symbols` for the documents; their segmentations, flat,
    have lengths ``token_lengths`` (``tokens_per_doc`` tokens per document) and must concatenate
    back to each document. A word's key is a 64-bit polynomial hash of its characters, so no
    vocabulary of words is needed; an n-gram of words hashes its words' keys in order.
    """
    low, high = orders
    if not 1 <= low <= high <= MAX_ORDER:
        raise ValueError(f"n-gram orders must satisfy 1 <= low <= high <= {MAX_ORDER}, got {orders}")
    n_docs = len(tokens_per_doc)
    n_tokens = len(token_lengths)
    powers, inverses = _powers(len(symbols) + 1)
    prefix = np.zeros(len(symbols) + 1, dtype=_U64)
    np.cumsum(symbols * powers[: len(symbols)], out=prefix[1:])
    token_doc = np.repeat(np.arange(n_docs, dtype=np.int64), tokens_per_doc)
    ends = np.cumsum(token_lengths) + token_doc  # one 0 separates consecutive documents
    starts = ends - token_lengths
    word = _mix((prefix[ends] - prefix[starts]) * inverses[starts])
    width = high - low + 1
    all_keys = np.empty((n_tokens, width), dtype=_U64)
    all_valid = np.zeros((n_tokens, width), dtype=bool)
    key = word.copy()
    valid = np.ones(n_tokens, dtype=bool)
    for n in range(1, high + 1):
        if n > 1:
            span = max(n_tokens - n + 1, 0)
            key[:span] = _mix(key[:span] + word[n - 1 :] * _U64(n))
            valid[:span] &= token_doc[:span] == token_doc[n - 1 :]
            valid[span:] = False
        if n >= low:
            all_keys[:, n - low] = key
            all_valid[:, n - low] = valid
    mask = all_valid.ravel()
    return NgramBatch(keys=all_keys.ravel()[mask], docs=np.repeat(token_doc, width)[mask], n_docs=n_docs)


def _slots(keys: np.ndarray, bits: int) -> np.ndarray:
    # Fibonacci hashing: the top bits of key × 2^64/φ depend on every bit of the key
    return ((keys * _GOLDEN) >> _U64(64 - bits)).view(np.int64)


def hash_buckets(keys: np.ndarray, bits: int) -> np.ndarray:
    """Map n-gram keys to ``2**bits`` buckets (the hashing trick)."""
    return _slots(keys, bits)


def count_matrix(docs: np.ndarray, columns: np.ndarray, n_docs: int, n_columns: int) -> sp.csr_matrix:
    """Occurrence counts per (document, column) as CSR; ``docs`` must be non-decreasing."""
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(docs, minlength=n_docs), out=indptr[1:])
    matrix = sp.csr_matrix(
        (np.ones(len(columns), dtype=np.float64), columns.astype(np.int32), indptr),
        shape=(n_docs, max(n_columns, 1)),
    )
    matrix.sum_duplicates()
    return matrix


class NgramIndex:
    """Map from n-gram keys to column numbers (open addressing, linear probing).

    Column ``i`` belongs to ``keys[i]``; a key that is not in the index maps to ``-1``. Each slot
    of the table is one ``uint64``: a 32-bit fingerprint of the key (other bits of the hash than
    the slot number) above ``column + 1``, so a lookup costs one random memory read. An unknown
    key is taken for a known one only if slot and fingerprint both match (probability 2^-32 per
    probe: about one n-gram in a few million orders). Lookups are vectorised. Only ``keys`` is
    pickled; the table is rebuilt on first use.
    """

    def __init__(self, keys: np.ndarray) -> None:
        self.keys = np.ascontiguousarray(keys, dtype=_U64)
        self._table: tuple[np.ndarray, int, int] | None = None

    def __len__(self) -> int:
        return len(self.keys)

    def __getstate__(self) -> dict[str, np.ndarray]:
        return {"keys": self.keys}

    def __setstate__(self, state: dict[str, np.ndarray]) -> None:
        self.keys = state["keys"]
        self._table = None

    @staticmethod
    def _fingerprints(keys: np.ndarray) -> np.ndarray:
        # the top 32 bits of a second multiplicative hash, independent of the slot's
        return ((keys * _SECOND) >> _U64(32)) << _U64(32)

    def _build(self) -> tuple[np.ndarray, int, int]:
        if len(self.keys) >= 1 << 31:
            raise ValueError("an n-gram index holds fewer than 2^31 keys")
        bits = max(10, int(np.ceil(np.log2(max(1, len(self.keys)) * 2))))
        mask = (1 << bits) - 1
        table = np.zeros(1 << bits, dtype=_U64)
        entries = self._fingerprints(self.keys) | (np.arange(1, len(self.keys) + 1, dtype=_U64))
        home = _slots(self.keys, bits)
        pending = np.arange(len(self.keys))
        probe = 0
        while len(pending):
            slots = (home[pending] + probe) & mask
            free = table[slots] == 0
            # several pending keys may want the same free slot: the first one wins
            _, first = np.unique(slots[free], return_index=True)
            winners = pending[free][first]
            table[slots[free][first]] = entries[winners]
            placed = np.zeros(len(self.keys), dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            if len(pending):
                probe += 1
        return table, bits, probe

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """Return the column of each key, or -1 for keys not in the index."""
        if self._table is None:
            self._table = self._build()
        table, bits, max_probe = self._table
        mask = (1 << bits) - 1
        low = _U64(0xFFFFFFFF)
        fingerprints = self._fingerprints(keys)
        home = _slots(keys, bits)
        found = table[home]
        hit = (found & ~low) == fingerprints
        columns = (found & low).view(np.int64) - 1  # empty slots give -1
        columns[~hit] = -1
        pending = np.flatnonzero(~hit & (found != 0))
        for probe in range(1, max_probe + 1):
            if not len(pending):
                break
            slots = (home[pending] + probe) & mask
            found = table[slots]
            hit = (found & ~low) == fingerprints[pending]
            columns[pending[hit]] = (found[hit] & low).view(np.int64) - 1
            pending = pending[~hit & (found != 0)]
        return columns
