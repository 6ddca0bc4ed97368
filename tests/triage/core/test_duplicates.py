from datetime import datetime, timedelta

import pytest

from jiesu.triage.core import DuplicateFinder, DuplicateParams, OrderText

T0 = datetime(2024, 5, 6, 9, 0)

HISTORY = [
    OrderText(1, "阳光花园3栋电梯经常出故障，昨天又把人困在里面了，请尽快维修。", T0, place="阳光花园/3栋"),
    OrderText(2, "锦绣家园门口垃圾堆了好几天没人清运，臭气熏天。", T0, place="锦绣家园"),
    OrderText(3, "和平里小区旁边工地每天晚上施工到凌晨，噪音太大睡不着。", T0, place="和平里小区"),
    OrderText(4, "幸福苑5号楼楼顶漏水，下雨天屋里到处滴水，物业一直不修。", T0, place="幸福苑/5栋"),
    OrderText(5, "翠湖小区门口的路灯坏了半个月，晚上一片漆黑。", T0, place="翠湖小区"),
    OrderText(6, "金桥公寓楼下饭店油烟直排，楼上住户窗户都不敢开。", T0, place="金桥公寓"),
]


@pytest.fixture
def finder():
    index = DuplicateFinder(DuplicateParams(threshold=0.3))
    index.add(HISTORY)
    return index


@pytest.mark.parametrize(
    ("order_id", "text", "place"),
    [
        (1, "反映阳光花园3栋的电梯老是坏，又困人了，物业不管。", "阳光花园/3栋"),
        (3, "投诉和平里小区附近工地夜间施工，凌晨还在干活，太吵了。", "和平里小区"),
        (4, "幸福苑5号楼顶层漏水严重，一下雨就滴水，物业不修。", "幸福苑/5栋"),
        (6, "金桥公寓底商饭店油烟直排，熏得楼上住户不敢开窗。", "金桥公寓"),
    ],
)
def test_paraphrase_of_an_earlier_order_is_found_first(finder, order_id, text, place):
    matches = finder.find(OrderText("new", text, T0 + timedelta(days=1), place=place))
    assert matches and matches[0].id == order_id
    assert matches[0].same_place is True


def test_another_problem_at_the_same_place_is_not_a_duplicate(finder):
    order = OrderText(
        "new", "锦绣家园小区停水一整天了，也没有通知。", T0 + timedelta(hours=3), place="锦绣家园"
    )
    assert finder.find(order) == []


def test_the_same_problem_at_another_place_is_not_a_duplicate(finder):
    text = "反映阳光花园3栋的电梯老是坏，又困人了，物业不管。"
    assert finder.find(OrderText("new", text, T0 + timedelta(days=1), place="阳光花园/8栋")) == []


def test_without_place_keys_the_text_alone_decides(finder):
    text = "反映阳光花园3栋的电梯老是坏，又困人了，物业不管。"
    matches = finder.find(OrderText("new", text, T0 + timedelta(days=1)))
    assert matches[0].id == 1 and matches[0].same_place is None


def test_closed_orders_count_only_while_recent(finder):
    finder.set_open(1, False)
    text = "反映阳光花园3栋的电梯老是坏，又困人了，物业不管。"
    assert finder.find(OrderText("a", text, T0 + timedelta(days=30), place="阳光花园/3栋"))[0].id == 1
    assert finder.find(OrderText("b", text, T0 + timedelta(days=91), place="阳光花园/3栋")) == []
    finder.set_open(1, True)
    assert finder.find(OrderText("c", text, T0 + timedelta(days=400), place="阳光花园/3栋"))[0].id == 1


def test_later_orders_and_the_order_itself_are_not_candidates(finder):
    assert finder.find(OrderText(1, HISTORY[0].text, T0, place="阳光花园/3栋")) == []
    assert finder.find(OrderText("early", HISTORY[0].text, T0 - timedelta(days=1))) == []


def test_same_caller_is_reported_but_does_not_decide(finder):
    finder.add([OrderText(7, "红星社区井盖丢了，很危险。", T0, place="红星社区", caller="13800000000")])
    same = finder.find(
        OrderText("x", "红星社区门口井盖丢失了。", T0 + timedelta(hours=1), caller="13800000000")
    )
    assert same[0].id == 7 and same[0].same_caller is True
    unrelated = OrderText("y", "东风新村楼道灯坏了。", T0 + timedelta(hours=1), caller="13800000000")
    assert finder.find(unrelated) == []


def test_removed_and_replaced_orders(finder):
    text = "反映阳光花园3栋的电梯老是坏，又困人了，物业不管。"
    finder.remove([1])
    assert finder.find(OrderText("n", text, T0 + timedelta(days=1))) == []
    finder.add([OrderText(1, HISTORY[0].text, T0)])
    assert finder.find(OrderText("n", text, T0 + timedelta(days=1)))[0].id == 1
    assert len(finder) == len(HISTORY)


def test_many_single_adds_keep_the_index_consistent():
    index = DuplicateFinder(DuplicateParams(threshold=0.3))
    filler = [OrderText(f"f{i}", f"第{i}号路段的绿化带需要修剪，树枝挡住了视线。", T0) for i in range(300)]
    for order in [*HISTORY, *filler]:
        index.add([order])
    text = "和平里小区附近工地夜里施工到凌晨，噪音吵得睡不着。"
    assert index.find(OrderText("new", text, T0 + timedelta(days=1)))[0].id == 3
