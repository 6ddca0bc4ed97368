import pytest

from jiesu.triage.core.stopwords import STOPWORDS_FILE, derive_stopwords, load_stopwords


def test_a_token_common_in_raw_text_that_the_corpus_never_keeps_is_a_stop_word():
    raw = [["我们的小区停水了", "我们的路灯坏了", "小区停水"]]
    corpus = ["小区 停水", "路灯 坏", "小区 停水"]
    assert set(derive_stopwords(raw, corpus, min_share=0.5)) == {"我们", "的", "了"}


def test_a_token_the_corpus_keeps_is_not_a_stop_word_however_common():
    raw = [["小区停水了", "小区停电了"]]
    assert "小区" not in derive_stopwords(raw, ["小区 停水", "小区 停电"], min_share=0.5)


def test_a_token_common_in_one_raw_collection_only_is_not_a_stop_word():
    hot = ["丽发新城搅拌站噪音了", "丽发新城粉尘了"]
    other = ["路灯坏了", "停水了"]
    stop = derive_stopwords([hot, other], ["路灯 坏", "停水"], min_share=0.5)
    assert "丽发" not in stop and "新城" not in stop and "了" in stop


def test_max_ratio_tolerates_a_rarely_kept_token():
    raw = [["的确很好", "的确", "的确不错", "的确如此"]]
    corpus = ["的确"] + ["好"] * 99
    assert "的确" in derive_stopwords(raw, corpus, min_share=0.5, max_ratio=0.02)
    assert "的确" not in derive_stopwords(raw, corpus, min_share=0.5, max_ratio=0.001)


def test_derive_refuses_empty_inputs():
    with pytest.raises(ValueError):
        derive_stopwords([], ["小区"])
    with pytest.raises(ValueError):
        derive_stopwords([["小区"]], [])


def test_shipped_list_holds_function_words_and_no_complaint_words():
    stop = load_stopwords()
    assert {"的", "了", "我们", "没有", "a"} <= stop
    assert not {"小区", "物业", "停水", "噪音", "工资", "公交", "市", "区"} & stop
    assert STOPWORDS_FILE.read_text(encoding="utf-8").startswith("# ")  # says where it comes from


@pytest.mark.shared_data
def test_the_shipped_list_is_what_the_rule_derives_from_the_public_data():
    import csv
    import os
    from pathlib import Path

    data = (
        Path(os.environ.get("JIESU_SHARED_DATA") or Path(__file__).resolve().parents[4] / "shared" / "data")
        / "tipdm2020-c"
    )
    if not (data / "attachment2_full_segmented.csv").exists():
        pytest.skip("shared data absent")

    def column(name, *columns):
        with (data / name).open(encoding="utf-8", newline="") as handle:
            return ["。".join(row[c].strip() for c in columns) for row in csv.DictReader(handle)]

    raw = [
        column(name, "留言主题", "留言详情") for name in ("attachment3_likes.csv", "attachment4_replies.csv")
    ]
    derived = derive_stopwords(raw, column("attachment2_full_segmented.csv", "分词文本"))
    assert set(derived) == load_stopwords()
