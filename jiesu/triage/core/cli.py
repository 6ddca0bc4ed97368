"""Command line of the triage core: ``python -m jiesu.triage.core evaluate …``.

The Django command ``jiesu triage evaluate`` passes its arguments to :func:`main`, so both
behave the same::

    python -m jiesu.triage.core evaluate --data PATH --text-col COL --label-col COL \\
        [--folds 5] [--seed 0] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from .datasets import load_labelled
from .evaluation import evaluate

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="triage", description="Jiesu triage text core")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("evaluate", help="stratified k-fold cross-validation on a labelled CSV/XLSX")
    run.add_argument("--data", required=True, help="CSV (UTF-8, header row) or XLSX (first sheet)")
    run.add_argument("--text-col", required=True)
    run.add_argument("--label-col", required=True)
    run.add_argument("--folds", type=int, default=5)
    run.add_argument("--seed", type=int, default=0)
    run.add_argument("--json", action="store_true", help="print the results as one JSON object")
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; returns the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    args = _parser().parse_args(argv)
    try:
        texts, labels = load_labelled(args.data, text_col=args.text_col, label_col=args.label_col)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=err)
        return 2
    progress = None if args.json else (lambda message: print(message, file=err))
    result = evaluate(texts, labels, folds=args.folds, seed=args.seed, progress=progress)
    if args.json:
        print(json.dumps(result, ensure_ascii=False), file=out)
        return 0
    print(f"documents {result['n']} (exact duplicates removed: {result['duplicates_removed']})", file=out)
    print(f"macro-F1 {result['macro_f1']:.4f}  accuracy {result['accuracy']:.4f}", file=out)
    for precision, coverage in result["coverage_at_precision"].items():
        nested = result["coverage_at_precision_nested"][precision]
        print(
            f"coverage at precision {precision}: {coverage:.4f} "
            f"(threshold from inner folds: {nested['coverage']:.4f} at precision {nested['precision']})",
            file=out,
        )
    print(
        f"train {result['train_seconds']}s per fold, predict {result['predict_docs_per_s']} docs/s", file=out
    )
    for label, row in result["per_class"].items():
        print(f"  {label}: P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}", file=out)
    return 0
