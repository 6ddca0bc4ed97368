"""`jiesu triage train | predict | evaluate`: thin wrappers over the triage services and core."""

import json

from django.core.management.base import BaseCommand, CommandError

from jiesu.core.errors import DomainError
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
        evaluate = sub.add_parser("evaluate", help="在一份标注数据上做交叉验证评估（输出 JSON）")
        evaluate.add_argument("--data", required=True)
        evaluate.add_argument("--text-col", required=True)
        evaluate.add_argument("--label-col", required=True)
        evaluate.add_argument("--folds", type=int, default=5)
        evaluate.add_argument("--seed", type=int, default=0)
        evaluate.add_argument("--json", action="store_true", help="输出 JSON（默认即为 JSON）")

    def handle(self, *args, subcommand: str, **options):
        try:
            return getattr(self, f"_{subcommand}")(**options)
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

    def _evaluate(self, *, data: str, text_col: str, label_col: str, folds: int, seed: int, **_):
        from jiesu.triage.core.datasets import load_labelled
        from jiesu.triage.core.evaluation import evaluate  # lazy: sklearn costs ~1 s

        try:
            texts, labels = load_labelled(data, text_col=text_col, label_col=label_col)
        except (OSError, KeyError, ValueError) as error:
            raise CommandError(f"无法读取数据：{error}") from error
        result = evaluate(texts, labels, folds=folds, seed=seed)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
