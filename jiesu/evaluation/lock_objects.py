"""Named row-locking helpers (SELECT … FOR UPDATE on PostgreSQL). Locks in primary-key order.

Only the subject's own row is locked (`of=("self",)`), even where its round is read along."""

from jiesu.core.errors import NotPermitted
from jiesu.evaluation.models import Inspection, LedgerItem, Round


def round_lock(*, round_id: int) -> Round:
    try:
        return Round.objects.select_for_update().get(pk=round_id)
    except Round.DoesNotExist as missing:
        raise NotPermitted("考评轮次不存在。") from missing


def inspection_lock(*, inspection_id: int) -> Inspection:
    try:
        return (
            Inspection.objects.select_related("round").select_for_update(of=("self",)).get(pk=inspection_id)
        )
    except Inspection.DoesNotExist as missing:
        raise NotPermitted("检查记录不存在。") from missing


def ledger_item_lock(*, item_id: int) -> LedgerItem:
    try:
        return LedgerItem.objects.select_for_update().get(pk=item_id)
    except LedgerItem.DoesNotExist as missing:
        raise NotPermitted("问题不存在。") from missing
