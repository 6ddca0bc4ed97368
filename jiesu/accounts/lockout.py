"""Login lockout (django-axes): an account after a few failures, an address after more.

Axes counts failures per lockout parameter (here the username and the client address) within the
cool-off and locks when the largest count reaches one limit. `failure_limit` gives each parameter
its own limit: it answers 1 (locked) when either count has reached its own limit, else a number
just out of reach.
"""

import ipaddress

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.db.models import Sum


def _count(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def failure_limit(request, credentials) -> int:
    by_account, by_address = AxesProxyHandler.get_implementation().get_user_attempts(request, credentials)
    account, address = _count(by_account), _count(by_address)
    if (
        account >= settings.JIESU_LOGIN_FAILURES_PER_ACCOUNT
        or address >= settings.JIESU_LOGIN_FAILURES_PER_IP
    ):
        return 1
    return max(account, address) + 1


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or — behind JIESU_PROXY_COUNT trusted reverse proxies —
    the address the outermost of them saw (counted from the right of X-Forwarded-For, which a
    client can prepend to but not append to)."""
    meta = getattr(request, "META", {})
    proxies = settings.JIESU_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies and _valid(hops[-proxies]):
            return hops[-proxies]
    remote = meta.get("REMOTE_ADDR") or ""
    return remote if _valid(remote) else None


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True
