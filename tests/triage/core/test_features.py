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


def test_stop_words_are_dropped_before_every_block():
    from jiesu.triage.core.features import text_batches

    def batches(texts, drop):
        return text_batches(
            texts, char_ngrams=(1, 3), word_ngrams=(1, 2), prefix_chars=4, drop_stopwords=drop
        )

    typed, cleaned = batches(["我们的小区停水了！", "的了"], True), batches(["小区 停水", ""], False)
    for name in ("char", "word", "prefix"):
        assert typed[name].keys.tolist() == cleaned[name].keys.tolist(), name
        assert typed[name].docs.tolist() == cleaned[name].docs.tolist(), name
    kept = batches(["我们的小区停水了"], False)
    assert len(kept["char"].keys) > len(typed["char"].keys)


def test_prefix_block_is_the_first_characters_of_the_compact_text():
    from jiesu.triage.core.features import text_batches
    from jiesu.triage.core.ngrams import char_symbols, ngram_keys

    texts = ["小区 停水，三天了", "路灯", ""]
    batch = text_batches(texts, char_ngrams=(1, 1), word_ngrams=(1, 1), prefix_chars=4)["prefix"]
    expected = ngram_keys(*char_symbols(["小区停水", "路灯", ""]), (1, 3))
    assert batch.keys.tolist() == expected.keys.tolist() and batch.docs.tolist() == expected.docs.tolist()


def test_a_typed_message_and_its_stop_word_free_version_get_the_same_features():
    texts, _ = corpus()
    featurizer = TextFeaturizer(FeatureParams(min_df=1)).fit(texts)
    typed, cleaned = featurizer.transform(["我们小区的物业乱收停车费了！", "小区 物业 乱收 停车费"])
    assert (typed != cleaned).nnz == 0
    plain = TextFeaturizer(FeatureParams(min_df=1, drop_stopwords=False)).fit(texts)
    typed, cleaned = plain.transform(["我们小区的物业乱收停车费了！", "小区 物业 乱收 停车费"])
    assert (typed != cleaned).nnz > 0
