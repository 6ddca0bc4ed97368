"""Writes that belong to accounts."""

from axes.handlers.proxy import AxesProxyHandler

from jiesu.accounts import access
from jiesu.accounts.models import PiiAccessLog, User
from jiesu.accounts.signals import security_event
from jiesu.core.errors import NotPermitted


def pii_access_record(*, user, order, reason: str, request=None) -> PiiAccessLog:
    """Record that `user` saw the citizen's clear name and phone on `order` (refuses who may not).

    Written twice on purpose: the order's own access log and the security audit log."""
    access.ensure(user, "unmask", order, "您无权查看诉求人的完整信息。")
    log = PiiAccessLog.objects.create(user=user, order=order, reason=reason[:200])
    security_event.send(
        __name__,
        kind="reveal",
        request=request,
        user=user,
        target=f"工单 {order.number}",
        detail={"reason": reason},
    )
    return log


def user_admin_flags_apply(*, user: User) -> None:
    """Django's own flags follow the role: staff (the admin's menu link) for admin roles, and never
    a superuser made in the admin (三员分立: the role decides what each account may do)."""
    user.is_staff = access.admin_may_enter(user) if user.is_active else False


def users_unlock(*, users: list[User], actor) -> int:
    """Forget the failed sign-ins of `users` (the security administrator's unlock)."""
    if not access.admin_may(actor, app_label="axes", action="delete", model_name="accessattempt"):
        raise NotPermitted("只有安全管理员可以解除登录锁定。")
    return sum(AxesProxyHandler.reset_attempts(username=user.get_username()) for user in users)
