from jiesu.triage.core.text import compact, compact_many, normalize, segment


def test_normalize_makes_full_width_half_width_and_collapses_whitespace():
    assert normalize("　ＡＢＣ小区\n\t３栋  停水！") == "abc小区 3栋 停水!"


def test_normalize_turns_excel_line_break_escapes_into_spaces():
    assert normalize("第一行_x000d_第二行") == "第一行 第二行"


def test_compact_keeps_only_letters_digits_and_ideographs():
    assert compact("市 西湖 建筑 集团， 占道 施工！ＡＢ_x000D_") == "市西湖建筑集团占道施工ab"


def test_compact_many_matches_compact_and_keeps_empty_texts():
    texts = ["", "路灯，不亮", "　", "A3区 停水"]
    assert compact_many(texts) == [compact(text) for text in texts] == ["", "路灯不亮", "", "a3区停水"]


def test_pre_segmented_and_raw_text_give_the_same_tokens():
    assert (
        segment("小区 电梯 故障 困 人")
        == segment("小区电梯故障，困人！")
        == ["小区", "电梯", "故障", "困", "人"]
    )


def test_segment_of_empty_text_is_empty():
    assert segment("") == [] and segment(" ，。") == []
