import pytest

from jiesu.intake.importing import UnusableFile, mapping_load
from jiesu.intake.importing.headers import header_normalize, headers_match


def test_headers_match_after_removing_spaces_and_full_width_spaces():
    cells = [" 工单 编号 ", "来电\u3000时间", "反映内容", None, "事发地址", "ＸＸ"]
    assert headers_match(cells) == {"number": 0, "received_at": 1, "content": 2, "address": 4}


def test_header_normalize_folds_full_width_forms_and_a_required_mark():
    assert header_normalize("所属社区（村）*") == "所属社区(村)"


def test_the_preferred_synonym_wins_when_both_are_present():
    assert headers_match(["来电时间", "受理时间", "工单编号"])["received_at"] == 1


def test_a_mapped_header_wins_and_is_not_taken_by_another_field():
    mapping = mapping_load('{"number": "平台流水号", "content": ["诉求详情"]}')
    columns = headers_match(["编号", "平台流水号", "诉求详情", "内容"], mapping)
    assert columns["number"] == 1
    assert columns["content"] == 2


def test_mapping_accepts_the_reverse_direction_and_a_bom():
    raw = '\ufeff{"接件时间": "received_at", "number": "流水号"}'.encode()
    assert mapping_load(raw) == {"received_at": ["接件时间"], "number": ["流水号"]}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("not json", "映射文件不是有效的 JSON"),
        ("[1, 2]", "映射文件应为 JSON 对象"),
        ('{"工单号": "流水号"}', "映射文件中的「工单号」无法识别"),
        ('{"number": ""}', "映射文件中字段「number」的表头必须是非空文本"),
    ],
)
def test_a_bad_mapping_is_refused_with_a_clear_message(raw, message):
    with pytest.raises(UnusableFile) as caught:
        mapping_load(raw)
    assert caught.value.message.startswith(message)
