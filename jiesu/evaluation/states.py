"""Statuses and allowed moves of rounds, inspections and ledger items: one table each.

The ledger follows the street's four steps 专家点 → 现场查 → 立行改 → 回头看:

    pointed ──verify──▶ rectifying ──rectify──▶ rectified ──confirm──▶ closed
       │                  ▲   │ escalate (scan)     │
       └──dismiss──▶ dismissed  └─────────reopen──────┘

Only services change a status, and only through these machines (`Machine.target`), which raise
a clear Chinese error for anything the table does not allow.
"""

from django.db import models

from jiesu.core.statemachine import Machine


class RoundStatus(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class RoundAction(models.TextChoices):
    CREATE = "create", "创建"
    CLOSE = "close", "结束考评"
    REOPEN = "reopen", "重新开放"


ROUND = Machine(
    statuses=RoundStatus,
    actions=RoundAction,
    transitions={
        RoundAction.CLOSE: ({RoundStatus.OPEN}, RoundStatus.CLOSED),
        RoundAction.REOPEN: ({RoundStatus.CLOSED}, RoundStatus.OPEN),
    },
    noun="考评轮次",
)


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", "检查中"
    SUBMITTED = "submitted", "已提交"


class InspectionAction(models.TextChoices):
    START = "start", "开始检查"
    SCORE = "score", "评分"
    FIND = "find", "记录问题"
    SUBMIT = "submit", "提交"
    REOPEN = "reopen", "退回修改"


INSPECTION = Machine(
    statuses=InspectionStatus,
    actions=InspectionAction,
    transitions={
        InspectionAction.SCORE: ({InspectionStatus.DRAFT}, None),
        InspectionAction.FIND: ({InspectionStatus.DRAFT}, None),
        InspectionAction.SUBMIT: ({InspectionStatus.DRAFT}, InspectionStatus.SUBMITTED),
        InspectionAction.REOPEN: ({InspectionStatus.SUBMITTED}, InspectionStatus.DRAFT),
    },
    noun="检查",
)


class LedgerStatus(models.TextChoices):
    POINTED = "pointed", "待现场核查"
    RECTIFYING = "rectifying", "整改中"
    RECTIFIED = "rectified", "待回头看"
    CLOSED = "closed", "已销号"
    DISMISSED = "dismissed", "核查不属实"


class LedgerAction(models.TextChoices):
    POINT = "point", "专家点"
    VERIFY = "verify", "现场查"
    DISMISS = "dismiss", "核查不属实"
    RECTIFY = "rectify", "立行改"
    CONFIRM = "confirm", "回头看·销号"
    REOPEN = "reopen", "回头看·重新整改"
    ESCALATE = "escalate", "超期督办"


S = LedgerStatus
OPEN_LEDGER = frozenset({S.POINTED, S.RECTIFYING, S.RECTIFIED})

LEDGER = Machine(
    statuses=LedgerStatus,
    actions=LedgerAction,
    transitions={
        LedgerAction.VERIFY: ({S.POINTED}, S.RECTIFYING),
        LedgerAction.DISMISS: ({S.POINTED}, S.DISMISSED),
        LedgerAction.RECTIFY: ({S.RECTIFYING}, S.RECTIFIED),
        LedgerAction.CONFIRM: ({S.RECTIFIED}, S.CLOSED),
        LedgerAction.REOPEN: ({S.RECTIFIED}, S.RECTIFYING),
        LedgerAction.ESCALATE: ({S.RECTIFYING}, None),
    },
    noun="问题",
)

# where an item stands in the four steps (for the progress bar on its page)
STEPS = ("专家点", "现场查", "立行改", "回头看")
STEP_OF_STATUS = {S.POINTED: 1, S.RECTIFYING: 2, S.RECTIFIED: 3, S.CLOSED: 4, S.DISMISSED: 2}
