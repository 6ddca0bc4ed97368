"""The demo street's triage (a `core.extensions.demo_seeders` entry): default routing rules learnt
from the demo's finished orders, a category model trained on its most recent closed orders and
made active, and suggestions for the orders still waiting to be dispatched — so a new order is
triaged from the first `make run`. Kept fast (a few thousand orders, a small C grid)."""

import time

from jiesu.core.extensions import DemoContext
from jiesu.triage.core.classifier import ClassifierParams
from jiesu.triage.services import model_train, routing_rules_default, triage_order
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.states import Status

DEMO_SAMPLES = 6_000
DEMO_PARAMS = ClassifierParams(c_grid=(1.0,), nb_c_grid=(), inner_folds=3, n_jobs=1)  # quick: one plain SVM
WAITING_LIMIT = 300


def triage_demo_seed(context: DemoContext) -> str:
    began = time.monotonic()
    rules = routing_rules_default()
    try:
        version = model_train(max_samples=DEMO_SAMPLES, params=DEMO_PARAMS, note="演示街道的已办结工单")
    except Exception as error:  # too few orders in a short demo: triage still runs, without a model
        return f"智能分拣：派单规则 {len(rules)} 条；未训练分类模型（{error}）"
    waiting = WorkOrder.objects.filter(status__in=(Status.NEW, Status.RETURNED)).order_by("-received_at")
    triaged = sum(
        triage_order(order_id=pk) is not None for pk in waiting.values_list("pk", flat=True)[:WAITING_LIMIT]
    )
    return (
        f"智能分拣：派单规则 {len(rules)} 条；分类模型 {version.version}（{version.trained_on:,} 条，"
        f"近期工单宏F1 {version.evaluation.get('holdout_new', {}).get('macro_f1', '—')}）；"
        f"待派单 {triaged} 件已给出建议；用时 {time.monotonic() - began:.1f} 秒"
    )
