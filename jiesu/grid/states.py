"""A grid matter's statuses and moves (one table), and which handling each tier takes."""

from django.db import models

from jiesu.core.statemachine import Machine
from jiesu.grid.models import MatterStatus, Tier


class MatterAction(models.TextChoices):
    RETIER = "retier", "调整层级"
    SETTLE = "settle", "群内解决"
    ESCALATE_COMMUNITY = "escalate_community", "上报社区"
    ESCALATE_STREET = "escalate_street", "上报街道"
    WITHDRAW = "withdraw", "撤销"
    LINK_HOTLINE = "link_hotline", "关联12345工单"


S = MatterStatus

MATTER = Machine(
    statuses=MatterStatus,
    actions=MatterAction,
    transitions={
        MatterAction.RETIER: ({S.OPEN}, None),
        MatterAction.SETTLE: ({S.OPEN}, S.SETTLED),
        MatterAction.ESCALATE_COMMUNITY: ({S.OPEN}, S.TO_COMMUNITY),
        MatterAction.ESCALATE_STREET: ({S.OPEN}, S.TO_STREET),
        MatterAction.WITHDRAW: ({S.OPEN}, S.WITHDRAWN),
        MatterAction.LINK_HOTLINE: ({S.OPEN, S.SETTLED, S.TO_COMMUNITY, S.TO_STREET}, None),
    },
    noun="网格事项",
)

# the handling each tier takes from 待处理 (its tier decides; 调整层级 first to handle it otherwise)
TIER_HANDLING = {
    Tier.MINOR: MatterAction.SETTLE,
    Tier.MAJOR: MatterAction.ESCALATE_COMMUNITY,
    Tier.HARD: MatterAction.ESCALATE_STREET,
}
