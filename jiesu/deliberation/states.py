"""Statuses and the one transition table of a meeting and of a follow-up task (a decision's work).

meeting:  planned ──hold──▶ held ──publish──▶ published;   planned ──cancel──▶ cancelled
task:     open ──report──▶ reported ──confirm──▶ solved
            ▲                  │
            └────send_back─────┘          open / reported ──cancel──▶ cancelled
          open / reported: urge (the deadline scan, once, when the deadline has passed)
topic:    confirmed ──discuss──▶ discussed (a meeting held on it);  confirmed ──drop──▶ dropped
"""

from django.db import models

from jiesu.core.statemachine import Machine


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "待召开"
    HELD = "held", "已召开"
    PUBLISHED = "published", "已公开"
    CANCELLED = "cancelled", "已取消"


class MeetingAction(models.TextChoices):
    HOLD = "hold", "记录会议"
    DECIDE = "decide", "添加议定事项"
    PUBLISH = "publish", "公开结果"
    CANCEL = "cancel", "取消会议"


class TaskStatus(models.TextChoices):
    OPEN = "open", "办理中"
    REPORTED = "reported", "待确认"
    SOLVED = "solved", "已解决"
    CANCELLED = "cancelled", "已撤销"


class TaskAction(models.TextChoices):
    REPORT = "report", "反馈进展"
    CONFIRM = "confirm", "确认解决"
    SEND_BACK = "send_back", "退回继续办"
    LINK = "link", "关联工单"
    CANCEL = "cancel", "撤销事项"
    URGE = "urge", "逾期提醒"  # the deadline scan


class TopicStatus(models.TextChoices):
    CONFIRMED = "confirmed", "已确定"
    DISCUSSED = "discussed", "已议"
    DROPPED = "dropped", "已撤下"


class TopicAction(models.TextChoices):
    DISCUSS = "discuss", "上会议定"
    DROP = "drop", "撤下议题"


M, MA, T, TA = MeetingStatus, MeetingAction, TaskStatus, TaskAction
OPEN_TASK = frozenset({T.OPEN, T.REPORTED})

MEETING = Machine(
    statuses=MeetingStatus,
    actions=MeetingAction,
    transitions={
        MA.HOLD: (frozenset({M.PLANNED}), M.HELD),
        MA.DECIDE: (frozenset({M.HELD}), None),
        MA.PUBLISH: (frozenset({M.HELD}), M.PUBLISHED),
        MA.CANCEL: (frozenset({M.PLANNED}), M.CANCELLED),
    },
    noun="会议",
)

TASK = Machine(
    statuses=TaskStatus,
    actions=TaskAction,
    transitions={
        TA.REPORT: (OPEN_TASK, T.REPORTED),
        TA.CONFIRM: (frozenset({T.REPORTED}), T.SOLVED),
        TA.SEND_BACK: (frozenset({T.REPORTED}), T.OPEN),
        TA.LINK: (frozenset({T.OPEN, T.REPORTED, T.SOLVED}), None),
        TA.CANCEL: (OPEN_TASK, T.CANCELLED),
        TA.URGE: (OPEN_TASK, None),
    },
    noun="议定事项",
)

TOPIC = Machine(
    statuses=TopicStatus,
    actions=TopicAction,
    transitions={
        TopicAction.DISCUSS: (frozenset({TopicStatus.CONFIRMED}), TopicStatus.DISCUSSED),
        TopicAction.DROP: (frozenset({TopicStatus.CONFIRMED}), TopicStatus.DROPPED),
    },
    noun="议题",
)
