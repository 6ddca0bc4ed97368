"""Statuses and the one transition table of a register point and of a campaign task.

A point follows the loop of the model street's leak table:

    表格登记 registered ──assign──▶ assigned ──respond──▶ responded ──repair──▶ repaired ──revisit──▶ revisited
                                      ▲  (reassign keeps the status)   ▲                 │
                                      │                                 └────reopen───────┘ (回访未解决)
    cancel from registered / assigned / responded ──▶ cancelled;  link_order from any open status;
    escalate (逾期督办, by the deadline scan only) from any open status, once.

A campaign task:  todo ──start──▶ doing ──finish──▶ done  (finish also from todo; reopen done ──▶ doing;
escalate by the deadline scan from todo / doing, once).
"""

from django.db import models

from jiesu.core.statemachine import Machine


class PointStatus(models.TextChoices):
    REGISTERED = "registered", "已登记"
    ASSIGNED = "assigned", "已包户"
    RESPONDED = "responded", "已响应"
    REPAIRED = "repaired", "已维修"
    REVISITED = "revisited", "已回访"
    CANCELLED = "cancelled", "已撤销"


class PointAction(models.TextChoices):
    ASSIGN = "assign", "包户到人"
    REASSIGN = "reassign", "更换包户人"
    RESPOND = "respond", "即刻响应"
    REPAIR = "repair", "上门维修"
    REVISIT = "revisit", "社区回访"
    REOPEN = "reopen", "回访未解决"
    CANCEL = "cancel", "撤销点位"
    LINK_ORDER = "link_order", "关联工单"
    ESCALATE = "escalate", "逾期督办"  # the deadline scan, once per point (the system only)


P, PA = PointStatus, PointAction
OPEN_POINT = frozenset({P.REGISTERED, P.ASSIGNED, P.RESPONDED, P.REPAIRED})

POINT = Machine(
    statuses=PointStatus,
    actions=PointAction,
    transitions={
        PA.ASSIGN: (frozenset({P.REGISTERED}), P.ASSIGNED),
        PA.REASSIGN: (frozenset({P.ASSIGNED, P.RESPONDED}), None),
        PA.RESPOND: (frozenset({P.ASSIGNED}), P.RESPONDED),
        PA.REPAIR: (frozenset({P.RESPONDED}), P.REPAIRED),
        PA.REVISIT: (frozenset({P.REPAIRED}), P.REVISITED),
        PA.REOPEN: (frozenset({P.REPAIRED}), P.RESPONDED),
        PA.CANCEL: (frozenset({P.REGISTERED, P.ASSIGNED, P.RESPONDED}), P.CANCELLED),
        PA.LINK_ORDER: (OPEN_POINT | {P.REVISITED}, None),
        PA.ESCALATE: (OPEN_POINT, None),
    },
    noun="该点位",
)

# the loop's steps as the register shows them: (label, status reached, time field)
LOOP = (
    ("表格登记", P.REGISTERED, "registered_at"),
    ("包户到人", P.ASSIGNED, "assigned_at"),
    ("即刻响应", P.RESPONDED, "responded_at"),
    ("上门维修", P.REPAIRED, "repaired_at"),
    ("社区回访", P.REVISITED, "revisited_at"),
)


class TaskStatus(models.TextChoices):
    TODO = "todo", "未开始"
    DOING = "doing", "进行中"
    DONE = "done", "已完成"


class TaskAction(models.TextChoices):
    START = "start", "开始"
    FINISH = "finish", "完成"
    REOPEN = "reopen", "重新打开"
    ESCALATE = "escalate", "逾期督办"  # the deadline scan, once per task (the system only)


T, TA = TaskStatus, TaskAction
OPEN_TASK = frozenset({T.TODO, T.DOING})

TASK = Machine(
    statuses=TaskStatus,
    actions=TaskAction,
    transitions={
        TA.START: (frozenset({T.TODO}), T.DOING),
        TA.FINISH: (OPEN_TASK, T.DONE),
        TA.REOPEN: (frozenset({T.DONE}), T.DOING),
        TA.ESCALATE: (OPEN_TASK, None),
    },
    noun="该任务",
)

SYSTEM_ONLY = frozenset({PA.ESCALATE, TA.ESCALATE})  # steps no person takes
