"""Statuses and the single table of allowed transitions.

Only services change a status, and only through `transition_target`, which raises a clear
error for anything this table does not allow.
"""

from django.db import models

from jiesu.core.errors import TransitionNotAllowed


class Status(models.TextChoices):
    NEW = "new", "待派单"
    DISPATCHED = "dispatched", "待签收"
    ACCEPTED = "accepted", "办理中"
    RETURNED = "returned", "已退单"
    RESOLVED = "resolved", "已办结"
    VISITED = "visited", "已回访"
    CLOSED = "closed", "已关闭"
    MERGED = "merged", "已并单"


class Action(models.TextChoices):
    DISPATCH = "dispatch", "派单"
    REASSIGN = "reassign", "改派"
    ACCEPT = "accept", "签收"
    RETURN = "return", "退单"
    RESPOND = "respond", "联系诉求人"
    NOTE = "note", "进展记录"
    REQUEST_EXTENSION = "request_extension", "申请延期"
    APPROVE_EXTENSION = "approve_extension", "批准延期"
    REJECT_EXTENSION = "reject_extension", "驳回延期"
    RESOLVE = "resolve", "办结"
    RETURN_VISIT = "return_visit", "回访"
    REDO = "redo", "重办"
    MERGE = "merge", "并单"
    CLOSE = "close", "关闭"
    URGE = "urge", "催办"
    SUPERVISE = "supervise", "督办"


S = Status
OPEN_STATUSES = frozenset({S.NEW, S.DISPATCHED, S.ACCEPTED, S.RETURNED})
IN_HANDLING = frozenset({S.DISPATCHED, S.ACCEPTED})
TERMINAL_STATUSES = frozenset({S.CLOSED, S.MERGED})

# action -> (statuses it may start from, status it leads to; None keeps the status)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    Action.DISPATCH: (frozenset({S.NEW, S.RETURNED}), S.DISPATCHED),
    Action.REASSIGN: (frozenset({S.DISPATCHED, S.ACCEPTED}), S.DISPATCHED),
    Action.ACCEPT: (frozenset({S.DISPATCHED}), S.ACCEPTED),
    Action.RETURN: (frozenset({S.DISPATCHED, S.ACCEPTED}), S.RETURNED),
    Action.RESPOND: (frozenset({S.ACCEPTED}), None),
    Action.NOTE: (frozenset({S.NEW, S.DISPATCHED, S.ACCEPTED, S.RETURNED, S.RESOLVED, S.VISITED}), None),
    Action.REQUEST_EXTENSION: (frozenset({S.ACCEPTED}), None),
    Action.APPROVE_EXTENSION: (frozenset({S.ACCEPTED}), None),
    Action.REJECT_EXTENSION: (frozenset({S.ACCEPTED}), None),
    Action.RESOLVE: (frozenset({S.ACCEPTED}), S.RESOLVED),
    Action.RETURN_VISIT: (frozenset({S.RESOLVED}), S.VISITED),
    Action.REDO: (frozenset({S.VISITED}), S.DISPATCHED),
    Action.MERGE: (OPEN_STATUSES, S.MERGED),
    Action.CLOSE: (frozenset({S.RESOLVED, S.VISITED}), S.CLOSED),
    Action.URGE: (IN_HANDLING, None),
    Action.SUPERVISE: (IN_HANDLING, None),
}


def is_allowed(action: str, status: str) -> bool:
    sources, _ = TRANSITIONS[action]
    return status in sources


def transition_target(action: str, status: str) -> str:
    """The status after `action`, or TransitionNotAllowed with a message a user understands."""
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise TransitionNotAllowed(
            f"工单当前状态为「{Status(status).label}」，不能执行「{Action(action).label}」。"
        )
    return target or status


def allowed_actions(status: str) -> list[str]:
    return [action for action, (sources, _) in TRANSITIONS.items() if status in sources]
