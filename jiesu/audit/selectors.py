"""Reading the audit log (only within the reader's scope: the auditor's)."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from jiesu.accounts import access
from jiesu.audit.models import AuditLog


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_log_list(
    *,
    user,
    kind: str = "",
    username: str = "",
    ip: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditLog]:
    rows = access.scope(user, AuditLog).select_related("user")
    if kind:
        rows = rows.filter(kind=kind)
    if username:
        rows = rows.filter(username__icontains=username)
    if ip:
        rows = rows.filter(ip=ip)
    if date_from:
        rows = rows.filter(at__gte=_start(date_from))
    if date_to:
        rows = rows.filter(at__lt=_start(date_to) + timedelta(days=1))
    return rows.order_by("-at", "-id")
