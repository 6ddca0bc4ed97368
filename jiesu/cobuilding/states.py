"""A joint activity's statuses and its one transition table.

planned ──hold──▶ held ──add_photos──▶ held
   └──cancel──▶ cancelled
"""

from django.db import models

from jiesu.core.statemachine import Machine


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    HELD = "held", "已开展"
    CANCELLED = "cancelled", "已取消"


class ActivityAction(models.TextChoices):
    HOLD = "hold", "登记开展情况"
    CANCEL = "cancel", "取消活动"
    ADD_PHOTOS = "add_photos", "补充照片"


ACTIVITY = Machine(
    statuses=ActivityStatus,
    actions=ActivityAction,
    transitions={
        ActivityAction.HOLD: (frozenset({ActivityStatus.PLANNED}), ActivityStatus.HELD),
        ActivityAction.CANCEL: (frozenset({ActivityStatus.PLANNED}), ActivityStatus.CANCELLED),
        ActivityAction.ADD_PHOTOS: (frozenset({ActivityStatus.HELD}), None),
    },
    noun="该活动",
)
