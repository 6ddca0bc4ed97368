"""The idle-timeout numbers the page's warning script needs (`static/js/session.js`)."""

from django.conf import settings

from jiesu.accounts.session_guard import TOUCH_EVERY_SECONDS


def session_security(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_idle": {
            # the server may have counted the last use up to a minute before the page did
            "timeout": settings.JIESU_IDLE_TIMEOUT_MINUTES * 60 - TOUCH_EVERY_SECONDS,
            "warning": settings.JIESU_IDLE_WARNING_SECONDS,
        }
    }
