"""Sessions end after 30 idle minutes (configurable) with a warning before, and after a working day
at most; the page carries the warning script; the keep-alive and the early end work."""

import re
import time

import pytest
from django.urls import reverse

from jiesu.accounts.models import Role
from jiesu.accounts.session_guard import LOGIN_AT_KEY, SEEN_KEY
from jiesu.audit.models import AuditLog
from tests.accounts.conftest import signed_in
from tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory(role=Role.DISPATCHER)


def _age(client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = time.time() - seconds
    session.save()


def test_sessions_are_short_and_end_with_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.JIESU_IDLE_TIMEOUT_MINUTES == 30


def test_thirty_idle_minutes_sign_the_user_out(client, user):
    client.force_login(user)
    _age(client, SEEN_KEY, 30 * 60 + 5)
    response = client.get(reverse("order_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not signed_in(client)
    assert "长时间未操作" in client.get(reverse("login")).content.decode()
    assert AuditLog.objects.get(kind="logout", user=user).detail == {"reason": "idle"}


def test_the_idle_time_is_configurable(client, user, settings):
    settings.JIESU_IDLE_TIMEOUT_MINUTES = 10
    client.force_login(user)
    _age(client, SEEN_KEY, 11 * 60)
    assert client.get(reverse("order_list")).status_code == 302


def test_activity_keeps_the_session_without_a_write_per_request(client, user):
    client.force_login(user)
    _age(client, SEEN_KEY, 29 * 60)
    assert client.get(reverse("order_list")).status_code == 200
    refreshed = client.session[SEEN_KEY]
    assert time.time() - refreshed < 5
    client.get(reverse("order_list"))
    assert client.session[SEEN_KEY] == refreshed  # within a minute: not written again


def test_an_htmx_request_after_the_timeout_goes_to_the_login_page(client, user):
    client.force_login(user)
    _age(client, SEEN_KEY, 31 * 60)
    response = client.get(reverse("order_list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("login")


def test_a_working_day_at_most_however_active(client, user, settings):
    client.force_login(user)
    _age(client, LOGIN_AT_KEY, settings.SESSION_COOKIE_AGE + 1)
    assert client.get(reverse("order_list")).status_code == 302


def test_pages_carry_the_warning_script_with_the_timeout(client, user, settings):
    client.force_login(user)
    body = client.get(reverse("workbench")).content.decode()
    tag = re.search(r'<script src="[^"]*js/session\.js"[^>]*>', body)
    assert tag, "the idle warning script is missing"
    timeout = int(re.search(r'data-timeout="(\d+)"', tag.group(0)).group(1))
    warning = int(re.search(r'data-warning="(\d+)"', tag.group(0)).group(1))
    assert 0 < warning < timeout <= settings.JIESU_IDLE_TIMEOUT_MINUTES * 60


def test_keep_alive_counts_as_use(client, user):
    client.force_login(user)
    _age(client, SEEN_KEY, 50)  # a request now would not refresh the time (less than a minute)
    assert client.post(reverse("session_keep_alive")).status_code == 204
    assert time.time() - client.session[SEEN_KEY] < 5


def test_the_page_ends_the_session_when_the_warning_runs_out(client, user):
    client.force_login(user)
    response = client.post(reverse("session_end"))
    assert response.status_code == 302 and not signed_in(client)
    assert AuditLog.objects.get(kind="logout", user=user).detail == {"reason": "idle"}


def test_anonymous_pages_have_no_warning_script(client, db):
    assert "session.js" not in client.get(reverse("login")).content.decode()
