from datetime import datetime, timedelta

import pytest

from jiesu.triage.core import DuplicateFinder, OrderText

T0 = datetime(2024, 5, 6, 9, 0)
ELEVATOR, GARBAGE, NOISE, LEAK, LIGHT, FUMES = "电梯", "垃圾", "噪声", "漏水", "路灯", "油烟"


def order(order_id, text, *, days=0.0, place=None, category=None, caller=None):
    return OrderText(order_id, text, T0 + timedelta(days=days), place=place, caller=caller, category=category)


HISTORY = [
    order(
        1,
        "阳光花园3栋电梯经常出故障，昨天又把人困在里面了，请尽快维修。",
        place="阳光花园/3栋",
        category=ELEVATOR,
    ),
    order(2, "锦绣家园门口垃圾堆了好几天没人清运，臭气熏天。", place="锦绣家园", category=GARBAGE),
    order(3, "和平里小区旁边工地每天晚上施工到凌晨，噪音太大睡不着。", place="和平里小区", category=NOISE),
    order(4, "幸福苑5号楼楼顶漏水，下雨天屋里到处滴水，物业一直不修。", place="幸福苑/5栋", category=LEAK),
    order(5, "翠湖小区门口的路灯坏了半个月，晚上一片漆黑。", place="翠湖小区", category=LIGHT),
    order(6, "金桥公寓楼下饭店油烟直排，楼上住户窗户都不敢开。", place="金桥公寓", category=FUMES),
]
PARAPHRASE = "反映阳光花园3栋的电梯老是坏，又困人了，物业不管。"
CLOSE_COPY = "阳光花园3栋电梯经常出故障，昨天又困人了，请尽快修。"


@pytest.fixture
def finder():
    index = DuplicateFinder()
    index.add(HISTORY)
    return index


@pytest.mark.parametrize(
    ("order_id", "text", "place", "category"),
    [
        (1, PARAPHRASE, "阳光花园/3栋", ELEVATOR),
        (3, "投诉和平里小区附近工地夜间施工，凌晨还在干活，太吵了。", "和平里小区", NOISE),
        (4, "幸福苑5号楼顶层漏水严重，一下雨就滴水，物业不管。", "幸福苑/5栋", LEAK),
        (6, "金桥公寓底商饭店油烟直排，熏得楼上住户不敢开窗。", "金桥公寓", FUMES),
    ],
)
def test_paraphrase_of_an_earlier_order_is_found_first(finder, order_id, text, place, category):
    matches = finder.find(order("new", text, days=1, place=place, category=category))
    assert matches and matches[0].id == order_id
    assert matches[0].same_place is True and matches[0].same_category is True


def test_another_problem_at_the_same_place_is_not_a_duplicate(finder):
    new = order("new", "锦绣家园小区停水一整天了，也没有通知。", days=0.1, place="锦绣家园", category="停水")
    assert finder.find(new) == []


def test_the_same_problem_at_another_place_is_not_a_duplicate_even_word_for_word(finder):
    new = order("new", HISTORY[0].text, days=1, place="阳光花园/8栋", category=ELEVATOR)
    assert finder.find(new) == []


def test_without_place_and_category_the_text_alone_decides(finder):
    matches = finder.find(order("new", CLOSE_COPY, days=1))
    assert matches[0].id == 1 and matches[0].same_place is None and matches[0].same_category is None
    assert finder.find(order("new", PARAPHRASE, days=1)) == []  # too few shared words on their own


def test_closed_orders_count_only_while_recent(finder):
    finder.set_open(1, False)
    assert finder.find(order("a", CLOSE_COPY, days=30))[0].id == 1
    assert finder.find(order("b", CLOSE_COPY, days=91)) == []
    finder.set_open(1, True)
    assert finder.find(order("c", CLOSE_COPY, days=400))[0].id == 1


def test_later_orders_and_the_order_itself_are_not_candidates(finder):
    assert finder.find(order(1, HISTORY[0].text)) == []
    assert finder.find(order("early", HISTORY[0].text, days=-1)) == []


def test_same_caller_is_reported_but_does_not_decide(finder):
    finder.add([order(7, "红星社区门口井盖丢了，很危险。", caller="13800000000")])
    same = finder.find(order("x", "红星社区门口井盖丢了，太危险了。", days=0.1, caller="13800000000"))
    assert same[0].id == 7 and same[0].same_caller is True
    assert finder.find(order("y", "东风新村楼道灯坏了。", days=0.1, caller="13800000000")) == []


def test_removed_and_replaced_orders(finder):
    finder.remove([1])
    assert finder.find(order("n", CLOSE_COPY, days=1)) == []
    finder.add([HISTORY[0]])
    assert finder.find(order("n", CLOSE_COPY, days=1))[0].id == 1
    assert len(finder) == len(HISTORY)


def test_many_single_adds_keep_the_index_consistent():
    index = DuplicateFinder()
    filler = [order(f"f{i}", f"第{i}号路段的绿化带需要修剪，树枝挡住了视线。") for i in range(300)]
    for one in [*HISTORY, *filler]:
        index.add([one])
    text = "和平里小区旁边工地每天晚上施工到凌晨，噪音太大，睡不着觉。"
    assert index.find(order("new", text, days=1))[0].id == 3
