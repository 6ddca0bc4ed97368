"""Named row-locking helpers (SELECT … FOR UPDATE on PostgreSQL). Locks in primary-key order."""

from jiesu.core.errors import NotPermitted
from jiesu.evaluation.models import Inspection, LedgerItem, Round


def round_lock(*, round_id: int) -> Round:
    found = Round.objects.select_for_update().filter(pk=round_id).first()
    if found is None:
        raise NotPermitted("考评轮次不存在。")
    return found


def inspection_lock(*, inspection_id: int) -> Inspection:
    found = Inspection.objects.select_for_update().filter(pk=inspection_id).first()
    if found is None:
        raise NotPermitted("检查记录不存在。")
    return found


def ledger_item_lock(*, item_id: int) -> LedgerItem:
    found = LedgerItem.objects.select_for_update().filter(pk=item_id).first()
    if found is None:
        raise NotPermitted("问题不存在。")
    return found
