"""Menu links of accounts and the security roles (registered in AccountsConfig.ready)."""

from django.contrib.auth.signals import user_logged_in

from jiesu.accounts import access, session_guard
from jiesu.core.extensions import NavItem, nav_items


def register() -> None:
    nav_items.register(
        "accounts.two_factor",
        NavItem("二次验证", "two_factor_setup", visible=access.may_use_two_factor, group="系统"),
        order=900,
    )
    nav_items.register("accounts.password", NavItem("修改密码", "password_change", group="系统"), order=910)
    nav_items.register(
        "accounts.admin",
        NavItem(
            "账号与锁定",
            "admin:index",
            visible=lambda user: access.role_of(user) == "security_admin" and not user.is_staff,
            group="系统",
        ),
        order=920,
    )
    user_logged_in.connect(session_guard.on_login, dispatch_uid="jiesu.accounts.session_start")
