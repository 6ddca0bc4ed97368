import io
import json

from jiesu.triage.core.cli import main

from .conftest import corpus


def _write(tmp_path):
    texts, labels = corpus()
    path = tmp_path / "orders.csv"
    path.write_text(
        "text,label\n" + "".join(f"{t},{x}\n" for t, x in zip(texts, labels, strict=True)), "utf-8"
    )
    return path


def test_evaluate_prints_one_json_object(tmp_path):
    out = io.StringIO()
    argv = ["evaluate", "--data", str(_write(tmp_path)), "--text-col", "text", "--label-col", "label"]
    assert main([*argv, "--folds", "2", "--json"], out=out) == 0
    result = json.loads(out.getvalue())
    assert result["n"] == 32 and "coverage_at_precision" in result


def test_a_missing_column_is_an_error_message_not_a_traceback(tmp_path):
    err = io.StringIO()
    argv = ["evaluate", "--data", str(_write(tmp_path)), "--text-col", "内容", "--label-col", "label"]
    assert main(argv, err=err) == 2
    assert "no column '内容'" in err.getvalue()
