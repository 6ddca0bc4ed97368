"""Statuses and allowed moves of volunteers, residents in need and pairings (one table each)."""

from django.db import models

from jiesu.core.statemachine import Machine
from jiesu.volunteers.models import PairingStatus, ResidentStatus, VolunteerStatus


class VolunteerAction(models.TextChoices):
    CHANGE = "change", "修改"
    LEAVE = "leave", "退出"
    REJOIN = "rejoin", "恢复"
    SERVE = "serve", "登记服务"
    PAIR = "pair", "结对"


class ResidentAction(models.TextChoices):
    CHANGE = "change", "修改"
    CLOSE = "close", "销册"
    REOPEN = "reopen", "恢复在册"
    PAIR = "pair", "结对"


class PairingAction(models.TextChoices):
    VISIT = "visit", "走访"
    END = "end", "结束结对"


V, R, P = VolunteerStatus, ResidentStatus, PairingStatus

VOLUNTEER = Machine(
    statuses=VolunteerStatus,
    actions=VolunteerAction,
    transitions={
        VolunteerAction.CHANGE: ({V.ACTIVE, V.INACTIVE}, None),
        VolunteerAction.LEAVE: ({V.ACTIVE}, V.INACTIVE),
        VolunteerAction.REJOIN: ({V.INACTIVE}, V.ACTIVE),
        VolunteerAction.SERVE: ({V.ACTIVE}, None),
        VolunteerAction.PAIR: ({V.ACTIVE}, None),
    },
    noun="志愿者",
)
RESIDENT = Machine(
    statuses=ResidentStatus,
    actions=ResidentAction,
    transitions={
        ResidentAction.CHANGE: ({R.ACTIVE, R.CLOSED}, None),
        ResidentAction.CLOSE: ({R.ACTIVE}, R.CLOSED),  # ends the resident's pairings too
        ResidentAction.REOPEN: ({R.CLOSED}, R.ACTIVE),
        ResidentAction.PAIR: ({R.ACTIVE}, None),
    },
    noun="困难群众",
)
PAIRING = Machine(
    statuses=PairingStatus,
    actions=PairingAction,
    transitions={
        PairingAction.VISIT: ({P.ACTIVE}, None),
        PairingAction.END: ({P.ACTIVE}, P.ENDED),
    },
    noun="结对",
)
