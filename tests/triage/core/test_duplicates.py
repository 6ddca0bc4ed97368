from dataclasses import replace
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


# a re-worded repost keeps the rare name of what it is about (here 枫林湾 and its 搅拌站)
MIXER = OrderText(
    "mixer",
    "枫林湾小区旁边的搅拌站噪音扰民\n枫林湾小区旁边新建了一个混凝土搅拌站，每天从早到晚机器轰鸣，灰尘很大，居民苦不堪言。",
    T0,
    subject="枫林湾小区旁边的搅拌站噪音扰民",
)
MIXER_SUBJECT = "枫林湾小区旁边搅拌站灰尘噪音严重"
MIXER_REPOST = OrderText(
    "repost",
    f"{MIXER_SUBJECT}\n枫林湾小区旁边那个搅拌站还在生产，机器轰鸣，粉尘污染严重，希望有关部门尽快取缔。",
    T0 + timedelta(days=5),
    subject=MIXER_SUBJECT,
)


@pytest.fixture
def titled():
    index = DuplicateFinder()
    index.add([*HISTORY, MIXER])
    return index


def test_a_reworded_repost_sharing_a_rare_name_in_its_subject_is_found(titled):
    [match] = titled.find(MIXER_REPOST)
    assert match.id == "mixer" and match.score > match.text_similarity
    assert match.text_similarity < titled.params.threshold  # the words alone are not enough


def test_without_a_subject_the_rare_name_does_not_count(titled):
    assert titled.find(replace(MIXER_REPOST, subject=None)) == []


def test_a_rare_name_alone_does_not_make_another_problem_a_duplicate(titled):
    other = OrderText(
        "water",
        "枫林湾小区停水三天了\n枫林湾小区从周一开始停水，也没有通知。",
        T0 + timedelta(days=1),
        subject="枫林湾小区停水三天了",
    )
    assert titled.shared_rare_phrases(other)[-1] > 0
    assert titled.find(other) == []


def test_phrases_common_in_the_index_are_not_rare(titled):
    common = [
        OrderText(f"c{i}", f"枫林湾小区旁边第{i}件事", T0, subject=f"枫林湾小区旁边第{i}件事")
        for i in range(40)
    ]
    titled.add(common)
    shared = titled.shared_rare_phrases(MIXER_REPOST)
    assert shared[-1] == 0  # 枫林湾/小区旁边 are in 41 of 47 subjects now
    assert shared[titled._row_of["mixer"]] > 0  # 搅拌站 is still rare


def test_the_query_being_indexed_already_does_not_count_itself(titled):
    before = titled.shared_rare_phrases(MIXER_REPOST)
    titled.add([MIXER_REPOST])  # what the running finder does before it asks
    assert list(titled.shared_rare_phrases(MIXER_REPOST)[:-1]) == list(before)
