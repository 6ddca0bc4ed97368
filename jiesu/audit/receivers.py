"""What the audit log listens to: Django's sign-in signals, django-axes' lockout, and accounts'
security events (password changes, second factor, reveals of personal data, admin changes)."""

from jiesu.audit.models import AuditKind
from jiesu.audit.services import audit_record


def logged_in(sender, request, user, **kwargs) -> None:
    audit_record(kind=AuditKind.LOGIN, request=request, user=user)


def logged_out(sender, request, user, **kwargs) -> None:
    reason = getattr(request, "jiesu_logout_reason", "") if request is not None else ""
    audit_record(
        kind=AuditKind.LOGOUT, request=request, user=user, detail={"reason": reason} if reason else {}
    )


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username") or "")
    reason = credentials.get("reason") or "password"
    audit_record(kind=AuditKind.LOGIN_FAILED, request=request, username=username, detail={"reason": reason})


def locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    audit_record(kind=AuditKind.LOCKED_OUT, request=request, username=str(username or ""))


def security_event(sender, kind, request=None, user=None, target="", detail=None, **kwargs) -> None:
    audit_record(kind=kind, request=request, user=user, target=target, detail=detail)
