"""Every write of the property evaluation. Each change writes one audited event in its transaction."""

from jiesu.evaluation.services.indicators import indicator_system_copy
from jiesu.evaluation.services.inspections import (
    inspection_reopen,
    inspection_score,
    inspection_start,
    inspection_submit,
)
from jiesu.evaluation.services.ledger import (
    ledger_item_confirm,
    ledger_item_dismiss,
    ledger_item_point,
    ledger_item_rectify,
    ledger_item_reopen,
    ledger_item_verify,
    ledger_scan,
)
from jiesu.evaluation.services.rounds import round_close, round_create, round_reopen

__all__ = [
    "indicator_system_copy",
    "inspection_reopen",
    "inspection_score",
    "inspection_start",
    "inspection_submit",
    "ledger_item_confirm",
    "ledger_item_dismiss",
    "ledger_item_point",
    "ledger_item_reopen",
    "ledger_item_rectify",
    "ledger_item_verify",
    "ledger_scan",
    "round_close",
    "round_create",
    "round_reopen",
]
