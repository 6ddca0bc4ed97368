"""Statuses and allowed moves of stations, cards and report verdicts (one table each)."""

from django.db import models

from jiesu.core.statemachine import Machine
from jiesu.riders.models import CardStatus, StationStatus, Verdict


class StationAction(models.TextChoices):
    CHANGE = "change", "修改"
    CLOSE = "close", "停用"
    REOPEN = "reopen", "恢复运营"


class CardAction(models.TextChoices):
    REPLACE = "replace", "补换"
    REVOKE = "revoke", "停用"


class ReportAction(models.TextChoices):
    CONFIRM = "confirm", "确认有效"
    REJECT = "reject", "判定无效"


S, C, V = StationStatus, CardStatus, Verdict

STATION = Machine(
    statuses=StationStatus,
    actions=StationAction,
    transitions={
        StationAction.CHANGE: ({S.OPEN, S.CLOSED}, None),
        StationAction.CLOSE: ({S.OPEN}, S.CLOSED),
        StationAction.REOPEN: ({S.CLOSED}, S.OPEN),
    },
    noun="驿站",
)
CARD = Machine(
    statuses=CardStatus,
    actions=CardAction,
    transitions={
        CardAction.REPLACE: ({C.ACTIVE, C.REVOKED}, C.ACTIVE),  # a new code; the old one stops working
        CardAction.REVOKE: ({C.ACTIVE}, C.REVOKED),
    },
    noun="暖心卡",
)
REPORT = Machine(
    statuses=Verdict,
    actions=ReportAction,
    transitions={
        ReportAction.CONFIRM: ({V.PENDING, V.INVALID}, V.VALID),
        ReportAction.REJECT: ({V.PENDING, V.VALID}, V.INVALID),
    },
    noun="小哥说事",
)
