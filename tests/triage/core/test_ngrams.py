import numpy as np

from jiesu.triage.core.ngrams import NgramIndex, char_symbols, ngram_keys


def test_char_ngrams_stay_inside_each_document():
    symbols, lengths = char_symbols(["ab", "c"])
    batch = ngram_keys(symbols, lengths, (1, 2))
    a, b, c = (ord(x) for x in "abc")
    assert batch.keys.tolist() == [a, (a << 21) | b, b, c]
    assert batch.docs.tolist() == [0, 0, 0, 1]


def test_index_finds_every_key_and_nothing_else():
    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(1, 2**62, 5000, dtype=np.uint64))
    index = NgramIndex(keys)
    others = rng.integers(1, 2**62, 5000, dtype=np.uint64)
    others = others[~np.isin(others, keys)]
    assert index.lookup(keys).tolist() == list(range(len(keys)))
    assert (index.lookup(others) == -1).all()
