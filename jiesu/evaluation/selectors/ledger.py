"""Reading the ledger: always through the user's scope (`access.scope`), never around it."""

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.params import BadParameter, parse_int
from jiesu.evaluation.models import LedgerItem
from jiesu.evaluation.states import LedgerStatus


@dataclass(frozen=True)
class LedgerFilters:
    q: str = ""
    round_id: int | None = None
    project_id: int | None = None
    community_id: int | None = None
    status: str = ""
    severity: str = ""
    overdue: bool = False  # being rectified and past the deadline
    lookback: bool = False  # rectified and due for the look-back (回头看) today or earlier


def ledger_scope(*, user) -> QuerySet:
    return access.scope(user, LedgerItem)


def overdue_q(now: datetime) -> Q:
    return Q(status=LedgerStatus.RECTIFYING, rectify_due__lt=now)


def lookback_q(now: datetime) -> Q:
    return Q(status=LedgerStatus.RECTIFIED, lookback_due__lte=timezone.localtime(now).date())


def ledger_list(*, user, filters: LedgerFilters | None = None, now: datetime | None = None) -> QuerySet:
    filters = filters or LedgerFilters()
    now = now or timezone.now()
    items = ledger_scope(user=user).select_related(
        "round", "project", "compound", "building__compound", "community", "indicator"
    )
    if filters.q:
        text = Q(description__icontains=filters.q) | Q(compound__name__icontains=filters.q)
        text |= Q(project__name__icontains=filters.q) | Q(rectification__icontains=filters.q)
        with suppress(BadParameter):  # a number may also be the item's id
            text |= Q(pk=parse_int(filters.q))
        items = items.filter(text)
    for field, value in (
        ("round_id", filters.round_id),
        ("project_id", filters.project_id),
        ("community_id", filters.community_id),
    ):
        if value:
            items = items.filter(**{field: value})
    if filters.status:
        items = items.filter(status=filters.status)
    if filters.severity:
        items = items.filter(severity=filters.severity)
    if filters.overdue:
        items = items.filter(overdue_q(now))
    if filters.lookback:
        items = items.filter(lookback_q(now))
    return items.order_by("-pointed_at", "-id")


def ledger_get(*, user, item_id: int) -> LedgerItem:
    """The item if `user` may see it (LedgerItem.DoesNotExist otherwise: a 404 for them)."""
    return ledger_scope(user=user).select_related(
        "round", "project__parent", "compound", "building__compound", "community", "indicator",
        "inspection", "pointed_by",
    ).get(pk=item_id)  # fmt: skip


def ledger_counts(*, user, now: datetime | None = None) -> dict[str, int]:
    """The numbers on the workbench tiles (one query); each equals the list its tile opens."""
    now = now or timezone.now()
    return ledger_scope(user=user).aggregate(
        pointed=Count("pk", filter=Q(status=LedgerStatus.POINTED)),
        rectifying=Count("pk", filter=Q(status=LedgerStatus.RECTIFYING)),
        overdue=Count("pk", filter=overdue_q(now)),
        lookback=Count("pk", filter=lookback_q(now)),
    )


def is_overdue(item: LedgerItem, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return item.status == LedgerStatus.RECTIFYING and item.rectify_due is not None and item.rectify_due < now
