import numpy as np
import pytest

from jiesu.triage.core import FeatureParams, TextFeaturizer

from .conftest import corpus


def test_each_block_row_has_unit_length():
    texts, _ = corpus()
    featurizer = TextFeaturizer(FeatureParams(min_df=1)).fit(texts)
    for name, block in featurizer.transform_blocks(texts[:5]).items():
        norms = np.sqrt(np.asarray(block.multiply(block).sum(axis=1)).ravel())
        assert np.allclose(norms, 1.0), name


def test_text_sharing_nothing_with_training_gets_an_empty_row():
    texts, _ = corpus()
    featurizer = TextFeaturizer(FeatureParams(min_df=1)).fit(texts)
    assert featurizer.transform(["ZZZ"]).nnz == 0
    assert featurizer.transform([]).shape == (0, featurizer.n_features)


def test_raw_and_pre_segmented_spellings_of_a_text_get_the_same_features():
    texts, _ = corpus()
    featurizer = TextFeaturizer(FeatureParams(min_df=1)).fit(texts)
    raw, segmented = featurizer.transform(["物业乱收停车费！", "物业 乱收 停车费"])
    assert (raw != segmented).nnz == 0


def test_min_df_drops_rare_ngrams():
    texts, _ = corpus()
    assert TextFeaturizer(FeatureParams(min_df=3)).fit(texts).n_features < (
        TextFeaturizer(FeatureParams(min_df=1)).fit(texts).n_features
    )


def test_state_arrays_restore_the_same_transform():
    texts, _ = corpus()
    fitted = TextFeaturizer(FeatureParams(min_df=1)).fit(texts)
    restored = TextFeaturizer(FeatureParams(min_df=1))
    restored.load_state_arrays(fitted.state_arrays())
    assert (fitted.transform(texts) != restored.transform(texts)).nnz == 0


def test_fit_refuses_no_texts():
    with pytest.raises(ValueError):
        TextFeaturizer().fit([])
