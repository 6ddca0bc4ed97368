"""The rate limiter counts in the configured cache: memory in a single process, Redis when shared."""

import os
import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from config.settings.base import caches_from
from jiesu.public.ratelimit import DEFAULT_LIMITS, Limit, limits_for, rate_limited

REDIS_URL = "redis://127.0.0.1:6379/13"


def test_a_fixed_window_lets_the_limit_through_then_refuses_until_the_next_window():
    with override_settings(JIESU_PUBLIC_LIMITS={"track_ip": (3, 60)}):
        results = [rate_limited("track_ip", "10.1.1.1", now=1000.0) for _ in range(4)]
        assert results == [False, False, False, True]
        assert rate_limited("track_ip", "10.1.1.2", now=1000.0) is False  # another client
        assert rate_limited("track_ip", "10.1.1.1", now=1000.0 + 60) is False  # the next window


def test_limits_come_from_settings_with_defaults():
    assert limits_for("submit_ip") == DEFAULT_LIMITS["submit_ip"]
    with override_settings(JIESU_PUBLIC_LIMITS={"submit_ip": Limit(1, 10)}):
        assert limits_for("submit_ip") == Limit(1, 10)


def test_an_empty_identity_is_never_counted():
    assert not any(rate_limited("submit_phone", "") for _ in range(50))


def test_cache_url_picks_redis_or_memory():
    assert caches_from("")["default"]["BACKEND"].endswith("LocMemCache")
    redis = caches_from("redis://127.0.0.1:6379/1")["default"]
    assert redis["BACKEND"].endswith("RedisCache") and redis["LOCATION"] == "redis://127.0.0.1:6379/1"


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_two_processes_sharing_redis_count_together():
    if not _redis_up():
        if os.environ.get("JIESU_REQUIRE_REDIS") == "1":
            pytest.fail("Redis is not running at 127.0.0.1:6379")
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    settings = {**caches_from(REDIS_URL), "other": caches_from(REDIS_URL)["default"]}
    with override_settings(CACHES=settings, JIESU_PUBLIC_LIMITS={"card_ip": (2, 60)}):
        caches["default"].clear()
        try:
            assert rate_limited("card_ip", "10.9.9.9", now=5000.0) is False
            # a second web process reads the same counter (another cache connection to Redis)
            with override_settings(JIESU_RATE_LIMIT_CACHE="other"):
                assert rate_limited("card_ip", "10.9.9.9", now=5000.0) is False
                assert rate_limited("card_ip", "10.9.9.9", now=5000.0) is True
            key_count = len(caches["default"]._cache.get_client().keys("*jiesu:rl:card_ip*"))
            assert key_count == 1
        finally:
            caches["default"].clear()
