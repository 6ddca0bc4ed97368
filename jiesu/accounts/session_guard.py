"""What a signed-in session must satisfy on every request, kept in the session (no query):

- idle timeout: signed out after JIESU_IDLE_TIMEOUT_MINUTES without a request (the page warns
  JIESU_IDLE_WARNING_SECONDS before, `static/js/session.js`); the time of use is written at most
  once a minute, so an active user costs no extra session writes;
- an absolute limit: signed out SESSION_COOKIE_AGE after signing in, however active;
- a password older than JIESU_PASSWORD_MAX_AGE_DAYS, or set by the security administrator,
  must be changed before anything else;
- with JIESU_OTP_REQUIRED, centre and admin roles set up a second factor before anything else.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from jiesu.accounts import access
from jiesu.accounts.two_factor import VERIFIED_KEY

SEEN_KEY = "jiesu_seen"  # epoch seconds of the last request that counted
LOGIN_AT_KEY = "jiesu_login_at"
PENDING_KEY = "jiesu_2fa_pending"  # password right, code still to come
LOGOUT_REASON_KEY = "jiesu_logout_reason"
PASSWORD_REASON_KEY = "jiesu_password_reason"
TOUCH_EVERY_SECONDS = 60


def on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in: the session starts now."""
    now = time.time()
    request.session[SEEN_KEY] = now
    request.session[LOGIN_AT_KEY] = now


def touch(request, *, force: bool = False) -> None:
    now = time.time()
    seen = request.session.get(SEEN_KEY)
    if force or seen is None or now - seen >= TOUCH_EVERY_SECONDS:
        request.session[SEEN_KEY] = now


def ended(request) -> str:
    """Why the session has ended ("idle", "expired"), or "" while it is alive."""
    now = time.time()
    seen = request.session.get(SEEN_KEY)
    if seen is not None and now - seen > settings.JIESU_IDLE_TIMEOUT_MINUTES * 60:
        return "idle"
    login_at = request.session.get(LOGIN_AT_KEY)
    if login_at is not None and now - login_at > settings.SESSION_COOKIE_AGE:
        return "expired"
    return ""


def password_expired(user) -> bool:
    if not user.has_usable_password():
        return False
    if user.must_change_password:
        return True
    days = settings.JIESU_PASSWORD_MAX_AGE_DAYS
    return bool(days) and user.password_changed_at < timezone.now() - timedelta(days=days)


def required_step(request) -> str:
    """The page the user must go through before any other, or ""."""
    user = request.user
    if password_expired(user):
        request.session[PASSWORD_REASON_KEY] = (
            "安全管理员重置了您的密码，请设置新密码。"
            if user.must_change_password
            else "密码已过有效期，请设置新密码。"
        )
        return reverse("password_change")
    if (
        settings.JIESU_OTP_REQUIRED
        and access.may_use_two_factor(user)
        and not request.session.get(VERIFIED_KEY)
    ):
        return reverse("two_factor_setup")
    return ""


def exempt(path: str) -> bool:
    """Pages reachable whatever the session still has to do: signing in and out, static files."""
    accounts = reverse("login").removesuffix("login/")  # /accounts/: sign-in, password, 2FA, sign-out
    return path.startswith((accounts, "/" + settings.STATIC_URL.lstrip("/")))
