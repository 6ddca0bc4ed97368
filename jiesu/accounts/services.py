"""Writes that belong to accounts."""

from jiesu.accounts.models import PiiAccessLog
from jiesu.core.errors import NotPermitted
from jiesu.workorders.permissions import can_unmask


def pii_access_record(*, user, order, reason: str) -> PiiAccessLog:
    """Record that `user` saw the citizen's clear name and phone on `order` (refuses who may not)."""
    if not can_unmask(user):
        raise NotPermitted("您无权查看诉求人的完整信息。")
    return PiiAccessLog.objects.create(user=user, order=order, reason=reason[:200])
