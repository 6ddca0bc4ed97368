import numpy as np

from jiesu.triage.core import CategoryClassifier
from jiesu.triage.core.classifier import _splitter
from jiesu.triage.core.nearcopies import near_copy_groups, similar_pairs

from .conftest import corpus


def test_versions_of_one_text_share_a_group_and_others_do_not():
    groups = near_copy_groups(["小区停水三天了", "路灯不亮", "小区 停水 三天", "公交车晚点"])
    assert groups[0] == groups[2] and len({groups[0], groups[1], groups[3]}) == 3


def test_groups_are_transitive_through_a_chain_of_versions():
    chain = ["阳光小区物业乱收停车费", "阳光小区物业乱收停车费还打人", "物业乱收停车费还打人骂人"]
    assert len(set(near_copy_groups(chain, similarity=0.5).tolist())) == 1


def test_similar_pairs_against_other_texts():
    pairs = similar_pairs(["小区停水三天了", "路灯不亮"], ["小区 停水 三天！"])
    assert pairs.shape == (2, 1) and pairs[0, 0] >= 0.5 and pairs[1, 0] == 0


def test_empty_input_has_no_groups():
    assert near_copy_groups([]).tolist() == []


def test_grouped_folds_never_split_a_group():
    y = np.array([0, 1] * 20)
    groups = np.repeat(np.arange(10), 4)
    for train, valid in _splitter(4, 0, groups).split(np.zeros(len(y)), y, groups):
        assert not set(groups[train]) & set(groups[valid])


def test_a_classifier_with_grouped_inner_folds_trains_and_predicts(small_params):
    from dataclasses import replace

    texts, labels = corpus()
    texts, labels = texts + [texts[0] + "！"], labels + [labels[0]]
    model = CategoryClassifier(replace(small_params, group_near_copies=0.5)).fit(texts, labels)
    assert model.predict(["物业乱收费还不公示"])[0].label == "城乡建设/物业管理"
    assert model.metadata["params"]["group_near_copies"] == 0.5
