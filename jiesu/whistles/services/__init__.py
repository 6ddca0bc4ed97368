"""Every write to whistles and their summonses. Each step is one transaction with one event."""

from jiesu.whistles.services.answering import summons_check_in, summons_rate_whistle, summons_report
from jiesu.whistles.services.blowing import whistle_blow, whistle_cancel, whistle_link, whistle_summon_more
from jiesu.whistles.services.closing import (
    summons_confirm,
    summons_rate_unit,
    summons_send_back,
    summons_withdraw,
)
from jiesu.whistles.services.scan import whistle_deadline_scan

__all__ = [
    "summons_check_in",
    "summons_confirm",
    "summons_rate_unit",
    "summons_rate_whistle",
    "summons_report",
    "summons_send_back",
    "summons_withdraw",
    "whistle_blow",
    "whistle_cancel",
    "whistle_deadline_scan",
    "whistle_link",
    "whistle_summon_more",
]
