"""Rebuild jiesu/triage/core/data/stopwords_zh.txt from the public tipdm data; prints JSON.

    .venv/bin/python bench/triage_stopwords.py            # writes the file
    .venv/bin/python bench/triage_stopwords.py --check    # exit 1 if the file differs

Raw collections: subject + detail of every message of 附件3 (attachment3_likes.csv) and 附件4
(attachment4_replies.csv). Pre-processed corpus: the segmented 附件2 (attachment2_full_segmented.csv,
its tokens only, no labels). The 495 labelled raw messages of attachment2_sample_labelled.csv are
not read. See jiesu/triage/core/stopwords.py for the rule.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jiesu.triage.core.stopwords import STOPWORDS_FILE, derive_stopwords  # noqa: E402

DATA = Path(os.environ.get("JIESU_SHARED_DATA") or ROOT.parent / "shared" / "data") / "tipdm2020-c"
RAW_FILES = ("attachment3_likes.csv", "attachment4_replies.csv")
CORPUS = "attachment2_full_segmented.csv"
MIN_SHARE, MAX_RATIO = 0.003, 0.02
HEADER = """# Chinese stop words for the triage classifier (jiesu/triage/core/stopwords.py).
# Derived, not copied: rjieba tokens in >= {min_share:.1%} of the raw messages of each of tipdm2020-c
# 附件3 and 附件4 (subject + detail) that the segmented 附件2 corpus keeps at most {max_ratio:g} times as
# often (its pre-processing removed them). Rebuild: .venv/bin/python bench/triage_stopwords.py
"""


def _column(name: str, *columns: str) -> list[str]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return ["。".join(row[c].strip() for c in columns) for row in csv.DictReader(handle)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare with the shipped file, do not write")
    args = parser.parse_args()
    if not (DATA / CORPUS).exists():
        print(json.dumps({"skipped": f"{DATA} not found"}))
        return 0
    raw = [_column(name, "留言主题", "留言详情") for name in RAW_FILES]
    stop = derive_stopwords(raw, _column(CORPUS, "分词文本"), min_share=MIN_SHARE, max_ratio=MAX_RATIO)
    text = HEADER.format(min_share=MIN_SHARE, max_ratio=MAX_RATIO) + "\n".join(stop) + "\n"
    same = STOPWORDS_FILE.exists() and STOPWORDS_FILE.read_text(encoding="utf-8") == text
    if not args.check:
        STOPWORDS_FILE.write_text(text, encoding="utf-8")
    print(
        json.dumps(
            {"n_stopwords": len(stop), "file": str(STOPWORDS_FILE.relative_to(ROOT)), "unchanged": same},
            ensure_ascii=False,
        )
    )
    return 1 if args.check and not same else 0


if __name__ == "__main__":
    sys.exit(main())
