"""`jiesu triage train | calibrate | predict | evaluate | duplicates-replay`: thin wrappers over the
triage services, selectors and core."""

import json

from django.core.management.base import BaseCommand, CommandError

from jiesu.core.errors import DomainError
from jiesu.triage.duplicate_replay import duplicates_replay
from jiesu.triage.selectors import triage_prediction
from jiesu.triage.services import model_train, thresholds_calibrate


class Command(BaseCommand):
    help = "智能分拣：训练分类模型、试预测、离线评估"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        train = sub.add_parser("train", help="用已办结工单（以派单员更正为准）训练新模型并启用")
        train.add_argument("--min-samples", type=int, default=50)
        train.add_argument("--background", action="store_true", help="交给 Celery 后台执行")
        sub.add_parser("calibrate", help="依据派单员确认的工单重新估计自动派单阈值")
        predict = sub.add_parser("predict", help="对一段诉求文本给出分类、地点、紧急程度和承办单位建议")
        predict.add_argument("text")
        predict.add_argument("--address", default="")
        replay = sub.add_parser(
            "duplicates-replay",
            help="用本街道的并单记录检验重复工单提示：按时间重放近 N 天的工单，输出查全率、查准率（JSON）",
        )
        replay.add_argument("--days", type=int, default=180, help="重放最近多少天受理的工单（默认 180）")
        evaluate = sub.add_parser(
            "evaluate",
            help="在一份标注数据上做交叉验证评估，或用 --train/--test 在一份数据上训练、另一份上测试（输出 JSON）",
        )
        evaluate.add_argument("--data", help="交叉验证用的标注数据（CSV/XLSX）")
        evaluate.add_argument("--text-col", help="文本列；多列用 + 连接，如 留言主题+留言详情")
        evaluate.add_argument("--label-col")
        evaluate.add_argument("--train", help="训练用的标注数据")
        evaluate.add_argument("--train-text-col")
        evaluate.add_argument("--train-label-col")
        evaluate.add_argument("--test", help="测试用的标注数据")
        evaluate.add_argument("--test-text-col")
        evaluate.add_argument("--test-label-col")
        evaluate.add_argument(
            "--drop-twins",
            type=float,
            default=0.5,
            help="从训练集中去掉与任一测试文本相似度（字二元组 TF-IDF 余弦）不低于此值的文本（默认 0.5；负数不去）",
        )
        evaluate.add_argument("--folds", type=int, default=5)
        evaluate.add_argument("--seed", type=int, default=0)
        evaluate.add_argument("--json", action="store_true", help="输出 JSON（默认即为 JSON）")
        evaluate.add_argument(
            "--group-near-copies",
            type=float,
            default=None,
            help="交叉验证时把相似度（字二元组 TF-IDF 余弦）不低于此值的近似重复文本放进同一折（如 0.5）",
        )
        evaluate.add_argument(
            "--predictions", help="交叉验证时把每条文本的折外预测写入此 CSV（文本、标签、预测、置信度）"
        )

    def handle(self, *args, subcommand: str, **options):
        try:
            return getattr(self, f"_{subcommand.replace('-', '_')}")(**options)
        except DomainError as error:
            raise CommandError(error.message) from error

    def _train(self, *, min_samples: int, background: bool, **_):
        if background:
            from jiesu.triage.tasks import model_train_task

            model_train_task.delay(min_samples)
            self.stdout.write("已提交后台训练任务。")
            return
        version = model_train(min_samples=min_samples)
        state = "已启用" if version.is_active else "未启用"
        self.stdout.write(
            f"已训练模型 {version.version}（{state}）：{version.trained_on} 条样本，{len(version.labels)} 个分类；"
            f"{version.evaluation.get('decision', '')}"
        )
        self.stdout.write(json.dumps(version.evaluation, ensure_ascii=False))

    def _calibrate(self, **_):
        self.stdout.write(json.dumps(thresholds_calibrate(), ensure_ascii=False, indent=2))

    def _predict(self, *, text: str, address: str, **_):
        self.stdout.write(
            json.dumps(triage_prediction(text=text, address=address), ensure_ascii=False, indent=2)
        )

    def _duplicates_replay(self, *, days: int, **_):
        self.stdout.write(json.dumps(duplicates_replay(days=days), ensure_ascii=False, indent=2))

    def _evaluate(self, *, folds: int, seed: int, **options):
        from jiesu.triage.core.datasets import load_labelled
        from jiesu.triage.core.evaluation import evaluate, evaluate_transfer  # lazy: sklearn costs ~1 s

        def load(path_key: str, text_key: str, label_key: str):
            path, text_col, label_col = options.get(path_key), options.get(text_key), options.get(label_key)
            if not (path and text_col and label_col):
                raise CommandError(
                    f"需要 --{path_key.replace('_', '-')}、--{text_key.replace('_', '-')} 和 --{label_key.replace('_', '-')}。"
                )
            try:
                return load_labelled(path, text_col=text_col, label_col=label_col)
            except (OSError, KeyError, ValueError) as error:
                raise CommandError(f"无法读取数据：{error}") from error

        if options.get("train") or options.get("test"):
            train = load("train", "train_text_col", "train_label_col")
            test = load("test", "test_text_col", "test_label_col")
            drop = options["drop_twins"] if options["drop_twins"] >= 0 else None
            result = evaluate_transfer(*train, *test, seed=seed, drop_twins=drop)
        else:
            texts, labels = load("data", "text_col", "label_col")
            path = options.get("predictions")
            result = evaluate(
                texts,
                labels,
                folds=folds,
                seed=seed,
                keep_predictions=bool(path),
                group_near_copies=options.get("group_near_copies"),
            )
            if path:
                _write_predictions(path, result.pop("predictions"))
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))


def _write_predictions(path: str, rows: list[dict]) -> None:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "label", "predicted", "confidence"])
        writer.writeheader()
        writer.writerows(rows)
