"""Writes that belong to accounts."""

from jiesu.accounts import access
from jiesu.accounts.models import PiiAccessLog


def pii_access_record(*, user, order, reason: str) -> PiiAccessLog:
    """Record that `user` saw the citizen's clear name and phone on `order` (refuses who may not)."""
    access.ensure(user, "unmask", order, "您无权查看诉求人的完整信息。")
    return PiiAccessLog.objects.create(user=user, order=order, reason=reason[:200])
