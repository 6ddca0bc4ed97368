"""The periodic check on 报到时限, run by `jiesu sla-scan` with the orders' (`deadline_scans`).

A unit that has not checked in by its deadline is urged (超时催报, level 1); one still missing
`supervise_after_hours` working hours later is put under supervision (超时督办, level 2). Each
level is written once per summons (the summons' `escalation_level` under its row lock, and a
partial unique index on the events), so the scan may run as often as wanted.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from jiesu.whistles.deadlines import whistle_settings, working_clock
from jiesu.whistles.lock_objects import summons_lock, whistle_lock
from jiesu.whistles.models import Summons
from jiesu.whistles.services._perform import summons_perform
from jiesu.whistles.states import SummonsAction, SummonsStatus

LEVEL_URGE, LEVEL_SUPERVISE = 1, 2
NOTES = {
    LEVEL_URGE: "系统自动催报：已超过报到时限仍未报到。",
    LEVEL_SUPERVISE: "系统自动督办：超过报到时限较久仍未报到。",
}


@dataclass
class CheckInScan:
    scanned: int = 0
    overdue: int = 0
    urged: int = 0
    supervised: int = 0


def whistle_deadline_scan(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    settings = whistle_settings()
    clock = working_clock(settings=settings)
    result = CheckInScan()
    candidates = Summons.objects.filter(
        status=SummonsStatus.SUMMONED, check_in_due__lt=now, escalation_level__lt=LEVEL_SUPERVISE
    ).values_list("id", "whistle_id")
    for summons_id, whistle_id in candidates.order_by("whistle_id", "id"):
        result.scanned += 1
        with transaction.atomic():
            whistle_lock(whistle_id=whistle_id)
            summons = summons_lock(summons_id=summons_id)
            if summons.status != SummonsStatus.SUMMONED or summons.check_in_due >= now:
                continue
            result.overdue += 1
            late = clock.between(summons.check_in_due, now)
            level = LEVEL_SUPERVISE if late >= settings.supervise_after_hours else LEVEL_URGE
            for step in range(summons.escalation_level + 1, level + 1):
                _escalate(summons_id=summons_id, level=step, now=now)
                if step == LEVEL_URGE:
                    result.urged += 1
                else:
                    result.supervised += 1
    return asdict(result)


def _escalate(*, summons_id: int, level: int, now: datetime) -> None:
    def change(summons, whistle) -> tuple[dict, dict]:
        old = {"escalation_level": summons.escalation_level}
        summons.escalation_level = level
        return old, {"escalation_level": level, "check_in_due": summons.check_in_due}

    summons_perform(
        summons_id=summons_id,
        action=SummonsAction.URGE if level == LEVEL_URGE else SummonsAction.SUPERVISE,
        actor=None,
        change=change,
        note=NOTES[level],
        now=now,
    )
