"""`jiesu triage evaluate --train PATH --test PATH`: train on one corpus, test on another, with
separate text/label columns (several text columns joined with +) and test twins dropped from
training."""

import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from jiesu.triage.core import ClassifierParams
from jiesu.triage.core.evaluation import evaluate_transfer, twins_of
from tests.triage.core.conftest import ORDERS

DATA = (
    Path(os.environ.get("JIESU_SHARED_DATA") or Path(__file__).resolve().parents[3] / "shared" / "data")
    / "tipdm2020-c"
)


def _csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text(header + "\n" + "\n".join(rows) + "\n", "utf-8")
    return path


def test_twins_of_finds_the_segmented_version_of_a_raw_message():
    train = ["物业 擅自 提高 物业费 标准 没有 公示", "公交车 晚点 严重"]
    assert twins_of(train, ["物业擅自提高物业费标准，没有公示！"]) == {0}


def test_train_on_one_file_test_on_another_with_their_own_columns(tmp_path, db):
    train_rows, test_rows = [], []
    for label, texts in ORDERS.items():
        train_rows += [f"{text},{label}" for text in texts[:6]]
        test_rows += [f"投诉,{text}，请处理,{label}" for text in texts[6:]]
    train = _csv(tmp_path / "train.csv", "分词文本,一级标签", train_rows)
    test = _csv(tmp_path / "test.csv", "留言主题,留言详情,一级分类", test_rows)
    out = StringIO()

    call_command(
        "triage", "evaluate", "--train", str(train), "--train-text-col", "分词文本", "--train-label-col", "一级标签",
        "--test", str(test), "--test-text-col", "留言主题+留言详情", "--test-label-col", "一级分类", stdout=out,
    )  # fmt: skip

    result = json.loads(out.getvalue())
    assert result["n_test"] == len(test_rows) and result["n_train"] == len(train_rows)
    assert 0 <= result["macro_f1"] <= 1 and set(result["coverage_at_precision_nested"]) == {"0.95", "0.98"}


def test_a_test_message_twin_is_not_trained_on():
    texts = [text for items in ORDERS.values() for text in items]
    labels = [label for label, items in ORDERS.items() for _ in items]
    params = ClassifierParams(c_grid=(1.0,), inner_folds=2)
    result = evaluate_transfer(texts, labels, [texts[0] + "。"], [labels[0]], params=params)
    assert result["train_twins_removed"] == 1 and result["n_train"] == len(texts) - 1


@pytest.mark.shared_data
@pytest.mark.skipif(not (DATA / "attachment2_sample_labelled.csv").exists(), reason="shared data absent")
def test_the_495_raw_messages_have_their_segmented_twins_in_the_corpus():
    from jiesu.triage.core import load_labelled

    corpus, _ = load_labelled(
        DATA / "attachment2_full_segmented.csv", text_col="分词文本", label_col="一级标签"
    )
    raw, _ = load_labelled(
        DATA / "attachment2_sample_labelled.csv", text_col="留言主题+留言详情", label_col="一级分类"
    )
    assert len(raw) == 495
    assert 400 <= len(twins_of(corpus, raw)) <= 700


def test_transfer_reports_the_dev_and_held_out_halves_of_the_test_set():
    texts = [text for items in ORDERS.values() for text in items]
    labels = [label for label, items in ORDERS.items() for _ in items]
    tests = ["小区物业乱收费", "工地半夜施工吵", "公交车总是晚点", "老板拖欠工资", "物业不修电梯", "酒吧噪音"]
    truth = [labels[0], labels[8], labels[16], labels[24], labels[0], labels[8]]
    params = ClassifierParams(c_grid=(1.0,), inner_folds=2)
    result = evaluate_transfer(texts, labels, tests, truth, params=params, drop_twins=None)
    halves = result["halves"]
    assert halves["dev"]["n"] + halves["heldout"]["n"] == len(tests)
    assert all(
        set(half)
        in (
            {"n"},
            {"n", "macro_f1", "accuracy", "coverage_at_precision_nested", "coverage_at_precision_oracle"},
        )
        for half in halves.values()
    )
