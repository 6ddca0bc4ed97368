"""Rate limits of the public pages: fixed windows counted in the Django cache.

    limit = limits_for("submit_ip")              # Limit(count, seconds), from settings or defaults
    if rate_limited("submit_ip", client_ip(request)):
        ...                                      # refuse with RATE_LIMITED_MESSAGE (HTTP 429)

The cache is `settings.CACHES["default"]` (Redis in production: `CACHE_URL`), so every web
process counts together. Identifiers (addresses, phones) are hashed before they become keys.
`JIESU_PUBLIC_LIMITS` in the settings overrides any of the defaults below.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

RATE_LIMITED_MESSAGE = "操作过于频繁，请稍后再试。"


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


DEFAULT_LIMITS = {
    "submit_ip": Limit(10, 3600),  # submissions from one address per hour
    "submit_phone": Limit(5, 86400),  # submissions with one phone per day
    "track_ip": Limit(20, 900),  # tracking lookups from one address per 15 minutes
    "rate_ip": Limit(20, 3600),  # return-visit answers from one address per hour
    "card_ip": Limit(5, 3600),  # benefit-card registrations from one address per hour
    "card_phone": Limit(3, 86400),  # registration attempts with one phone per day
}


def limits_for(bucket: str) -> Limit:
    override = getattr(settings, "JIESU_PUBLIC_LIMITS", {}).get(bucket)
    if override is not None:
        return Limit(*override) if isinstance(override, tuple | list) else override
    return DEFAULT_LIMITS[bucket]


def _cache():
    return caches[getattr(settings, "JIESU_RATE_LIMIT_CACHE", "default")]


def _key(bucket: str, identity: str, window: int) -> str:
    digest = hashlib.sha256(f"{bucket}:{identity}".encode()).hexdigest()[:24]
    return f"jiesu:rl:{bucket}:{digest}:{window}"


def rate_limited(bucket: str, identity: str, *, now: float | None = None) -> bool:
    """Count one attempt of `identity` in `bucket`; True when it goes over the limit."""
    if not identity:
        return False
    limit = limits_for(bucket)
    window = int((now if now is not None else time.time()) // limit.seconds)
    key = _key(bucket, identity, window)
    cache = _cache()
    cache.add(key, 0, timeout=limit.seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=limit.seconds + 5)
        count = 1
    return count > limit.count


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the proxy header named by JIESU_CLIENT_IP_HEADER."""
    header = getattr(settings, "JIESU_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    value = value.split(",")[0].strip() if value else ""
    return value or request.META.get("REMOTE_ADDR", "")
