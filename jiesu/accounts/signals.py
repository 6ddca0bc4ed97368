"""Security events that accounts announces besides Django's own auth signals (user_logged_in,
user_logged_out, user_login_failed); the audit log subscribes to all of them.

`security_event.send(sender, kind=..., request=..., user=..., target="", detail={})` — kinds:
password_changed, two_factor_on, two_factor_off, reveal.
"""

from django.dispatch import Signal

security_event = Signal()
