"""One quick run of the evaluation protocol on the public tipdm2020-c corpus (skipped without it)."""

import random
from pathlib import Path

import pytest

from jiesu.triage.core import ClassifierParams, evaluate, load_labelled

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "tipdm2020-c"
SEGMENTED = DATA / "attachment2_full_segmented.csv"


@pytest.mark.shared_data
@pytest.mark.skipif(not SEGMENTED.exists(), reason="../shared/data/tipdm2020-c is absent")
def test_quick_protocol_on_real_messages_is_sane():
    texts, labels = load_labelled(SEGMENTED, text_col="分词文本", label_col="一级标签")
    keep = sorted(random.Random(0).sample(range(len(texts)), 1500))
    params = ClassifierParams(c_grid=(2.0,), inner_folds=3)
    result = evaluate([texts[i] for i in keep], [labels[i] for i in keep], folds=2, seed=0, params=params)
    assert len(result["per_class"]) == 7
    assert result["macro_f1"] > 0.8 and result["accuracy"] > 0.8
    assert result["coverage_at_precision"]["0.95"] > 0.5
