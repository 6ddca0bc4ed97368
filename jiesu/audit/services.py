"""Writing the audit log (the only writer)."""

from jiesu.accounts.lockout import client_ip as lockout_client_ip
from jiesu.audit.models import AuditLog


def client_ip(request) -> str | None:
    """The client's address as the lockout sees it (through JIESU_PROXY_COUNT trusted proxies)."""
    if request is None:
        return None
    return lockout_client_ip(request)


def audit_record(
    *, kind: str, request=None, user=None, username: str = "", target: str = "", detail: dict | None = None
) -> AuditLog:
    """Append one row. `user` defaults to the request's signed-in user; `username` to theirs."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if user is not None and not username:
        username = user.get_username()
    return AuditLog.objects.create(
        kind=kind,
        user=user,
        username=(username or "")[:150],
        ip=client_ip(request),
        path=(request.get_full_path() if request is not None and hasattr(request, "path") else "")[:300],
        target=(target or "")[:200],
        detail=detail or {},
    )
