"""Text normalisation and segmentation shared by the classifier and the duplicate finder.

Every text goes through the same steps, whatever its origin:

1. :func:`normalize` — full-width ASCII → half-width, U+3000 → space, Excel's ``_x000d_``
   escapes → space, letters lower-cased, runs of whitespace collapsed, ends stripped.
2. :func:`compact` — the same, then every character that is not a letter, digit or ideograph
   (Python's ``\\w`` without ``_``) removed: whitespace and punctuation go.

Features are computed on the compact form. Segmentation runs on the compact form too: text that
arrives already segmented (space-separated tokens, such as the public tipdm corpus) is
re-segmented by rjieba after its spaces are removed, so training on a pre-segmented corpus and
predicting on raw orders see exactly the same tokeniser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np
import rjieba

__all__ = ["compact", "compact_many", "normalize", "segment", "segment_compact"]

_FULL_TO_HALF: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULL_TO_HALF[0x3000] = 0x20
_EXCEL_ESCAPE = re.compile(r"_x000[0-9a-fA-F]_")
_WHITESPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]")
_SEPARATOR = 0x10FFFF  # a non-character, never kept: marks document boundaries in a batch


def normalize(text: str) -> str:
    """Return ``text`` half-width, lower-cased, with whitespace collapsed to single spaces.

    >>> normalize("　Ａ３区\\n\\t小区ＡＢＣ　停水！")
    'a3区 小区abc 停水!'
    """
    text = _EXCEL_ESCAPE.sub(" ", text).translate(_FULL_TO_HALF).lower()
    return _WHITESPACE.sub(" ", text).strip()


@cache
def _symbol_map() -> np.ndarray:
    """Code point → its compact form (half-width, lower-cased) or 0 when it is dropped."""
    codes = np.arange(0x110000, dtype=np.uint32)
    for full, half in _FULL_TO_HALF.items():
        codes[full] = half
    every = "".join(map(chr, codes.tolist()))
    lowered = [c if len(low := c.lower()) != 1 else low for c in every]
    mapped = np.array(list(map(ord, lowered)), dtype=np.uint32)
    dropped = np.frombuffer(
        _NOT_WORD.sub("\x00", "".join(lowered)).encode("utf-32-le", "surrogatepass"), dtype=np.uint32
    )
    mapped[dropped == 0] = 0
    mapped[_SEPARATOR] = _SEPARATOR
    return mapped


def compact_many(texts: Sequence[str]) -> list[str]:
    """:func:`compact` over many texts at once (one numpy pass; what the models use)."""
    if not texts:
        return []
    texts = [_EXCEL_ESCAPE.sub(" ", t) if "_x000" in t else t for t in texts]
    joined = chr(_SEPARATOR).join(texts)
    symbols = _symbol_map()[np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)]
    kept = symbols[symbols != 0]
    return kept.tobytes().decode("utf-32-le", "surrogatepass").split(chr(_SEPARATOR))


def compact(text: str) -> str:
    """Return the normalised text with only letters, digits and ideographs left.

    >>> compact("市 西湖 建筑 集团， 占道 施工！ＡＢ_x000d_")
    '市西湖建筑集团占道施工ab'
    """
    return compact_many([text])[0]


def segment_compact(compacted: str) -> list[str]:
    """Segment an already compact text with rjieba (a Rust port of jieba, dictionary built in)."""
    return rjieba.cut(compacted)


def segment(text: str) -> list[str]:
    """Segment any text: raw or pre-segmented, it is compacted first, then cut by rjieba.

    >>> segment("小区 停水 三天")
    ['小区', '停水', '三天']
    """
    return rjieba.cut(compact(text))
