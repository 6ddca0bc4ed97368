"""Both transition tables against a specification written out independently, pair by pair."""

from itertools import product

import pytest

from jiesu.core.errors import TransitionNotAllowed
from jiesu.whistles.states import (
    SUMMONS,
    WHISTLE,
    SummonsAction,
    SummonsStatus,
    WhistleAction,
    WhistleStatus,
    whistle_status_for,
)

S, SA, W, WA = SummonsStatus, SummonsAction, WhistleStatus, WhistleAction

SUMMONS_SPEC = {
    SA.CHECK_IN: {S.SUMMONED: S.CHECKED_IN},
    SA.REPORT: {S.CHECKED_IN: S.REPORTED},
    SA.CONFIRM: {S.REPORTED: S.SOLVED},
    SA.SEND_BACK: {S.REPORTED: S.CHECKED_IN},
    SA.WITHDRAW: {S.SUMMONED: S.WITHDRAWN, S.CHECKED_IN: S.WITHDRAWN, S.REPORTED: S.WITHDRAWN},
    SA.RATE_UNIT: {S.SOLVED: S.SOLVED},
    SA.RATE_WHISTLE: {S.CHECKED_IN: S.CHECKED_IN, S.REPORTED: S.REPORTED, S.SOLVED: S.SOLVED},
    SA.URGE: {S.SUMMONED: S.SUMMONED},
    SA.SUPERVISE: {S.SUMMONED: S.SUMMONED},
}
OPEN = (W.BLOWN, W.HANDLING, W.CONFIRMING)
WHISTLE_SPEC = {
    WA.SUMMON_MORE: {W.BLOWN: W.BLOWN, W.HANDLING: W.HANDLING},
    WA.LINK: {s: s for s in (*OPEN, W.SOLVED)},
    WA.CANCEL: {s: W.CANCELLED for s in OPEN},
    WA.START: {W.BLOWN: W.HANDLING},
    WA.AWAIT_CONFIRMATION: {W.HANDLING: W.CONFIRMING},
    WA.REOPEN: {W.CONFIRMING: W.HANDLING},
    WA.SOLVE: {W.HANDLING: W.SOLVED, W.CONFIRMING: W.SOLVED},
}


def pairs(machine, spec):
    return [
        pytest.param(machine, spec, action, status, id=f"{action}-{status}")
        for action, status in product(machine.actions.values, machine.statuses.values)
    ]


@pytest.mark.parametrize(
    "machine, spec, action, status", pairs(SUMMONS, SUMMONS_SPEC) + pairs(WHISTLE, WHISTLE_SPEC)
)
def test_every_action_from_every_status(machine, spec, action, status):
    allowed = spec[action]
    if status in allowed:
        assert machine.target(action, status) == allowed[status]
        assert action in machine.allowed(status)
    else:
        with pytest.raises(TransitionNotAllowed) as refused:
            machine.target(action, status)
        status_label = machine.statuses(status).label
        action_label = machine.actions(action).label
        assert f"当前状态为「{status_label}」，不能执行「{action_label}」" in refused.value.message


@pytest.mark.parametrize(
    "statuses, whistle",
    [
        ([S.SUMMONED, S.SUMMONED], W.BLOWN),
        ([S.SUMMONED, S.CHECKED_IN], W.HANDLING),
        ([S.REPORTED, S.SUMMONED], W.HANDLING),
        ([S.REPORTED, S.CHECKED_IN], W.HANDLING),
        ([S.REPORTED, S.SOLVED], W.CONFIRMING),
        ([S.REPORTED, S.WITHDRAWN], W.CONFIRMING),
        ([S.SOLVED, S.SOLVED], W.SOLVED),
        ([S.SOLVED, S.WITHDRAWN], W.SOLVED),
        ([S.SUMMONED, S.WITHDRAWN], W.BLOWN),
        ([S.SOLVED, S.SUMMONED], W.HANDLING),
    ],
)
def test_the_whistle_follows_its_summonses(statuses, whistle):
    assert whistle_status_for(statuses) == whistle
