"""TF-IDF features for orders: character n-grams, rjieba word n-grams and a subject prefix.

Three blocks, each with its own vocabulary (n-grams in at least ``min_df`` training documents),
smoothed IDF, sublinear term frequency (``1 + log tf``) and unit L2 norm:

- ``char``: character n-grams of the compact text — needs no segmenter;
- ``word``: word n-grams of the rjieba segmentation of the compact text;
- ``prefix``: character n-grams of the first ``prefix_chars`` characters. Orders start with their
  subject (标题/留言主题), the densest statement of the problem; this block lets it weigh more.

With ``drop_stopwords`` (the default) the rjieba tokens that are stop words
(:mod:`.stopwords`) are removed first and all three blocks see the text that is left: a message
as typed and its pre-processed (segmented, stop words removed) version give the same features.

The numbers follow scikit-learn's ``TfidfVectorizer(sublinear_tf=True, smooth_idf=True)`` but the
n-grams are computed in numpy (see :mod:`.ngrams`), several times faster than the Python
analyzers, which matters for the ≥ 5,000 orders/s target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import chain

import numpy as np
import scipy.sparse as sp

from .ngrams import NgramBatch, NgramIndex, char_symbols, count_matrix, ngram_keys, word_keys
from .stopwords import load_stopwords
from .text import compact_many, segment_compact

__all__ = ["FeatureParams", "TextFeaturizer", "text_batches"]

_BLOCKS = ("char", "word", "prefix")
_CHUNK = 1024  # keeps temporaries under glibc's mmap threshold (no page-fault storms)


@dataclass(frozen=True)
class FeatureParams:
    """How texts become features (see the module docstring)."""

    char_ngrams: tuple[int, int] = (1, 3)
    word_ngrams: tuple[int, int] = (1, 2)
    prefix_chars: int = 25
    prefix_ngrams: tuple[int, int] = (1, 3)
    min_df: int = 3
    drop_stopwords: bool = True

    def as_dict(self) -> dict[str, object]:
        """The parameters as plain JSON-friendly values."""
        return {
            key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()
        }


@dataclass
class _Block:
    """One fitted vocabulary: n-gram keys → columns, with their IDF."""

    index: NgramIndex
    idf: np.ndarray

    def transform(self, batch: NgramBatch) -> sp.csr_matrix:
        columns = self.index.lookup(batch.keys)
        known = columns >= 0
        matrix = count_matrix(batch.docs[known], columns[known], batch.n_docs, len(self.index))
        matrix.data = (1.0 + np.log(matrix.data)) * self.idf[matrix.indices]
        rows = np.repeat(np.arange(batch.n_docs), np.diff(matrix.indptr))
        norms = np.sqrt(np.bincount(rows, weights=matrix.data**2, minlength=batch.n_docs))
        matrix.data /= norms[rows]
        return matrix


class _DocumentFrequencies:
    """Counts, chunk by chunk, in how many documents each n-gram key occurs."""

    def __init__(self) -> None:
        self._keys: list[np.ndarray] = []
        self._counts: list[np.ndarray] = []

    def add(self, batch: NgramBatch) -> None:
        unique, inverse = np.unique(batch.keys, return_inverse=True)
        pairs = count_matrix(batch.docs, inverse, batch.n_docs, len(unique))
        self._keys.append(unique)
        self._counts.append(np.bincount(pairs.indices, minlength=len(unique)))

    def block(self, n_docs: int, min_df: int) -> _Block:
        """The vocabulary of keys in at least ``min_df`` of ``n_docs`` documents, with smoothed IDF."""
        unique, inverse = np.unique(np.concatenate(self._keys), return_inverse=True)
        df = np.bincount(inverse, weights=np.concatenate(self._counts), minlength=len(unique))
        keep = df >= min_df
        idf = np.log((1.0 + n_docs) / (1.0 + df[keep])) + 1.0
        return _Block(index=NgramIndex(unique[keep]), idf=idf)


class TextFeaturizer:
    """Turns texts into a sparse TF-IDF matrix; ``fit`` learns the vocabularies and IDF."""

    def __init__(self, params: FeatureParams | None = None) -> None:
        self.params = params or FeatureParams()
        self._blocks: dict[str, _Block] = {}

    @property
    def n_features(self) -> int:
        """Number of columns of the transformed matrix (0 before ``fit``)."""
        return sum(len(block.index) for block in self._blocks.values())

    def fit(self, texts: Sequence[str]) -> TextFeaturizer:
        """Learn the vocabularies and IDF of the three blocks from ``texts``."""
        if not texts:
            raise ValueError("cannot fit features on no texts")
        frequencies = {name: _DocumentFrequencies() for name in _BLOCKS}
        for start in range(0, len(texts), _CHUNK):
            for name, batch in self._batches(texts[start : start + _CHUNK]).items():
                frequencies[name].add(batch)
        self._blocks = {
            name: counter.block(len(texts), self.params.min_df) for name, counter in frequencies.items()
        }
        return self

    def transform_blocks(self, texts: Sequence[str]) -> dict[str, sp.csr_matrix]:
        """One (len(texts) × block size) TF-IDF matrix per block: ``char``, ``word``, ``prefix``."""
        if not self._blocks:
            raise RuntimeError("TextFeaturizer.transform called before fit")
        parts: dict[str, list[sp.csr_matrix]] = {name: [] for name in _BLOCKS}
        for start in range(0, len(texts), _CHUNK):
            for name, batch in self._batches(texts[start : start + _CHUNK]).items():
                parts[name].append(self._blocks[name].transform(batch))
        return {
            name: (chunks[0] if len(chunks) == 1 else sp.vstack(chunks, format="csr"))
            if chunks
            else sp.csr_matrix((0, len(self._blocks[name].index)))
            for name, chunks in parts.items()
        }

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The three blocks side by side: a (len(texts) × n_features) CSR matrix."""
        return sp.hstack(list(self.transform_blocks(texts).values()), format="csr")

    def state_arrays(self) -> dict[str, np.ndarray]:
        """The fitted state as named arrays (saved with the model; see ``load_state_arrays``)."""
        arrays: dict[str, np.ndarray] = {}
        for name, block in self._blocks.items():
            arrays[f"{name}_keys"] = block.index.keys
            arrays[f"{name}_idf"] = block.idf
        return arrays

    def load_state_arrays(self, arrays: dict[str, np.ndarray]) -> None:
        """Restore the state saved by :meth:`state_arrays` (the same ``params`` are assumed)."""
        self._blocks = {
            name: _Block(index=NgramIndex(arrays[f"{name}_keys"]), idf=arrays[f"{name}_idf"])
            for name in _BLOCKS
        }

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """``fit`` then ``transform`` the same texts."""
        return self.fit(texts).transform(texts)

    def _batches(self, texts: Sequence[str]) -> dict[str, NgramBatch]:
        p = self.params
        return text_batches(
            texts,
            char_ngrams=p.char_ngrams,
            word_ngrams=p.word_ngrams,
            prefix_chars=p.prefix_chars,
            prefix_ngrams=p.prefix_ngrams,
            drop_stopwords=p.drop_stopwords,
        )


def text_batches(
    texts: Sequence[str],
    *,
    char_ngrams: tuple[int, int],
    word_ngrams: tuple[int, int],
    prefix_chars: int = 0,
    prefix_ngrams: tuple[int, int] = (1, 3),
    drop_stopwords: bool = False,
) -> dict[str, NgramBatch]:
    """The n-gram occurrences of ``texts``: ``char`` and ``word`` blocks, ``prefix`` if asked.

    Texts are compacted once; words come from rjieba on the compact text. With
    ``drop_stopwords`` the stop-word tokens are removed and the characters of the tokens left
    are what the ``char`` and ``prefix`` blocks see.
    """
    compacts = compact_many(texts)
    symbols, lengths = char_symbols(compacts)
    tokens = [segment_compact(text) for text in compacts]
    flat = list(chain.from_iterable(tokens))
    token_lengths = np.fromiter(map(len, flat), dtype=np.int64, count=len(flat))
    tokens_per_doc = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    token_doc = np.repeat(np.arange(len(tokens)), tokens_per_doc)
    if not np.array_equal(np.bincount(token_doc, token_lengths, len(tokens)), lengths):
        raise ValueError("the segmenter did not give back the text it was given")
    if drop_stopwords:
        kept = ~np.fromiter(map(load_stopwords().__contains__, flat), dtype=bool, count=len(flat))
        keep_symbol = np.ones(len(symbols), dtype=bool)  # document separators (0) stay
        keep_symbol[symbols != 0] = np.repeat(kept, token_lengths)
        symbols = symbols[keep_symbol]
        token_lengths, token_doc = token_lengths[kept], token_doc[kept]
        tokens_per_doc = np.bincount(token_doc, minlength=len(tokens))
        lengths = np.bincount(token_doc, token_lengths, len(tokens)).astype(np.int64)
    batches = {
        "char": ngram_keys(symbols, lengths, char_ngrams),
        "word": word_keys(symbols, token_lengths, tokens_per_doc, word_ngrams),
    }
    if prefix_chars:
        prefix_lengths = np.minimum(lengths, prefix_chars)
        offset = np.arange(len(symbols)) - np.repeat(np.cumsum(lengths + 1) - (lengths + 1), lengths + 1)
        in_prefix = (offset < np.repeat(prefix_lengths, lengths + 1)) | (symbols == 0)
        batches["prefix"] = ngram_keys(symbols[in_prefix], prefix_lengths, prefix_ngrams)
    return batches
