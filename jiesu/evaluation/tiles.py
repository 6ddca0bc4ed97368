"""The ledger tiles on the workbench, per role (registered in apps.py).

Each tile opens the ledger list with the filter that shows exactly the items it counts.
"""

from django.urls import reverse

from jiesu.accounts import access
from jiesu.core.extensions import Tile
from jiesu.evaluation.permissions import is_community, is_evaluator, is_property
from jiesu.evaluation.selectors.ledger import ledger_counts

GROUP = "问题台账"
# (label, key in ledger_counts, list query, tone)
POINTED = ("台账待核查", "pointed", "status=pointed", "")
RECTIFYING = ("台账整改中", "rectifying", "status=rectifying", "")
OVERDUE = ("台账整改超期", "overdue", "overdue=1", "danger")
LOOKBACK = ("台账待回头看", "lookback", "lookback=1", "warn")


def ledger_tiles(user) -> list[Tile]:
    if access.is_street_wide(user) or is_community(user):
        rows = [POINTED, OVERDUE, LOOKBACK]
    elif is_property(user):
        rows = [RECTIFYING, OVERDUE]
    elif is_evaluator(user):
        rows = [LOOKBACK, OVERDUE]
    else:
        return []
    counts = ledger_counts(user=user)
    base = reverse("evaluation:ledger")
    return [
        Tile(label, counts[key], f"{base}?{query}", tone, group=GROUP) for label, key, query, tone in rows
    ]
