"""The month's topic pick on a hand-made case: similar items grouped, groups ranked by
proposals × 2 + orders, the most central text as the title; group keys parse back."""

from datetime import datetime, timedelta

import pytest

from jiesu.deliberation.pick import Item, candidates_rank, keys_parse

T0 = datetime(2024, 3, 1, 9)
TEXTS = [
    ("s1", "小区停车位太少，晚上车停到消防通道"),
    ("o1", "消防通道被私家车占用，停车难"),
    ("s2", "停车难，能不能规划新的停车位"),
    ("o2", "楼道堆放杂物，存在消防隐患"),
    ("s3", "3号楼楼道里堆满了纸箱杂物"),
    ("o3", "希望增加老年人活动场地"),
    ("s4", "小区健身器材坏了没人修"),
]


def items():
    return [Item(key, text, T0 + timedelta(hours=i)) for i, (key, text) in enumerate(TEXTS)]


def test_similar_items_are_grouped_and_ranked_by_proposals_then_orders():
    ranked = candidates_rank(items())
    assert [sorted(c.keys) for c in ranked] == [["o1", "s1", "s2"], ["o2", "s3"], ["s4"], ["o3"]]
    assert [c.score for c in ranked] == [5, 3, 2, 1]
    assert [(c.submissions, c.orders) for c in ranked[:2]] == [(2, 1), (1, 1)]
    assert ranked[0].title in {text for _, text in TEXTS[:3]}


def test_a_proposal_outranks_an_order_on_its_own_and_recency_breaks_ties():
    ranked = candidates_rank(
        [
            Item("o9", "路灯不亮", T0),
            Item("s8", "垃圾桶满了没人清", T0),
            Item("s7", "快递柜不够用", T0 + timedelta(days=2)),
        ]
    )
    assert [c.keys for c in ranked] == [["s7"], ["s8"], ["o9"]]


def test_nothing_to_pick_is_an_empty_list_and_keys_parse_back():
    assert candidates_rank([]) == []
    ranked = candidates_rank(items())
    assert keys_parse(ranked[0].key) == ([1, 2], [1])
    for bad in ("", "x1", "s", "s1.q2", "s1..o2"):
        with pytest.raises(ValueError):
            keys_parse(bad)
