"""Statuses and the one transition table of a whistle and of each summons (one unit called to it).

People act on a summons (报到, 反馈结果, 确认解决, 退回重办, 撤回召集, the two ratings) or on the
whistle as a whole (追加召集, 关联工单, 撤销). The whistle's own status follows its summonses
(`whistle_status_for`): the service that changes a summons moves the whistle in the same step,
through this table's system actions, and records both in one event.

    summons:  summoned ──check_in──▶ checked_in ──report──▶ reported ──confirm──▶ solved
                 │                        ▲                    │
                 │                        └─────send_back──────┘
                 └──(withdraw from summoned / checked_in / reported)──▶ withdrawn
    whistle:  blown ──start──▶ handling ⇄ confirming ──solve──▶ solved;  cancel ──▶ cancelled
"""

from django.db import models

from jiesu.core.statemachine import Machine


class WhistleStatus(models.TextChoices):
    BLOWN = "blown", "待报到"
    HANDLING = "handling", "处置中"
    CONFIRMING = "confirming", "待确认"
    SOLVED = "solved", "已解决"
    CANCELLED = "cancelled", "已撤销"


class WhistleAction(models.TextChoices):
    SUMMON_MORE = "summon_more", "追加召集"
    LINK = "link", "关联工单"
    CANCEL = "cancel", "撤销吹哨"
    # moved by the services when a summons changes (never chosen by a person)
    START = "start", "开始处置"
    AWAIT_CONFIRMATION = "await_confirmation", "等待确认"
    REOPEN = "reopen", "重新处置"
    SOLVE = "solve", "全部解决"


class SummonsStatus(models.TextChoices):
    SUMMONED = "summoned", "待报到"
    CHECKED_IN = "checked_in", "已报到"
    REPORTED = "reported", "待确认"
    SOLVED = "solved", "已解决"
    WITHDRAWN = "withdrawn", "已撤回"


class SummonsAction(models.TextChoices):
    CHECK_IN = "check_in", "报到"
    REPORT = "report", "反馈结果"
    CONFIRM = "confirm", "确认解决"
    SEND_BACK = "send_back", "退回重办"
    WITHDRAW = "withdraw", "撤回召集"
    RATE_UNIT = "rate_unit", "评价单位"
    RATE_WHISTLE = "rate_whistle", "评价吹哨"
    URGE = "urge", "超时催报"  # the deadline scan, level 1
    SUPERVISE = "supervise", "超时督办"  # the deadline scan, level 2


W, WA, S, SA = WhistleStatus, WhistleAction, SummonsStatus, SummonsAction
OPEN_WHISTLE = frozenset({W.BLOWN, W.HANDLING, W.CONFIRMING})
ACTIVE_SUMMONS = frozenset({S.SUMMONED, S.CHECKED_IN, S.REPORTED, S.SOLVED})  # all but withdrawn

WHISTLE = Machine(
    statuses=WhistleStatus,
    actions=WhistleAction,
    transitions={
        WA.SUMMON_MORE: (frozenset({W.BLOWN, W.HANDLING}), None),
        WA.LINK: (frozenset({W.BLOWN, W.HANDLING, W.CONFIRMING, W.SOLVED}), None),
        WA.CANCEL: (OPEN_WHISTLE, W.CANCELLED),
        WA.START: (frozenset({W.BLOWN}), W.HANDLING),
        WA.AWAIT_CONFIRMATION: (frozenset({W.HANDLING}), W.CONFIRMING),
        WA.REOPEN: (frozenset({W.CONFIRMING}), W.HANDLING),
        WA.SOLVE: (frozenset({W.HANDLING, W.CONFIRMING}), W.SOLVED),
    },
    noun="吹哨",
)

SUMMONS = Machine(
    statuses=SummonsStatus,
    actions=SummonsAction,
    transitions={
        SA.CHECK_IN: (frozenset({S.SUMMONED}), S.CHECKED_IN),
        SA.REPORT: (frozenset({S.CHECKED_IN}), S.REPORTED),
        SA.CONFIRM: (frozenset({S.REPORTED}), S.SOLVED),
        SA.SEND_BACK: (frozenset({S.REPORTED}), S.CHECKED_IN),
        SA.WITHDRAW: (frozenset({S.SUMMONED, S.CHECKED_IN, S.REPORTED}), S.WITHDRAWN),
        SA.RATE_UNIT: (frozenset({S.SOLVED}), None),
        SA.RATE_WHISTLE: (frozenset({S.CHECKED_IN, S.REPORTED, S.SOLVED}), None),
        SA.URGE: (frozenset({S.SUMMONED}), None),
        SA.SUPERVISE: (frozenset({S.SUMMONED}), None),
    },
    noun="该单位的召集",
)

# (whistle status before, after) → the system action that moves it
FOLLOW = {
    (W.BLOWN, W.HANDLING): WA.START,
    (W.HANDLING, W.CONFIRMING): WA.AWAIT_CONFIRMATION,
    (W.CONFIRMING, W.HANDLING): WA.REOPEN,
    (W.HANDLING, W.SOLVED): WA.SOLVE,
    (W.CONFIRMING, W.SOLVED): WA.SOLVE,
}


def whistle_status_for(statuses: list[str]) -> str:
    """The status an open whistle has when its summonses have `statuses`.

    All (not withdrawn) solved → solved; all reported or solved → waiting for the community to
    confirm; any unit checked in → handling; else every unit is still to check in.
    """
    active = [status for status in statuses if status != S.WITHDRAWN]
    if active and all(status == S.SOLVED for status in active):
        return W.SOLVED
    if active and all(status in (S.REPORTED, S.SOLVED) for status in active):
        return W.CONFIRMING
    if any(status != S.SUMMONED for status in active):
        return W.HANDLING
    return W.BLOWN
