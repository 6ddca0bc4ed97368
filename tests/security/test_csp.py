"""Content-Security-Policy: scripts only from this site; an inline script runs only with the nonce
of its response. Every page's inline scripts carry it, and no template has inline handlers."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from jiesu.accounts.models import Role
from tests.factories import UserFactory

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>", re.I)


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize(
    "name",
    [
        "workbench",
        "order_list",
        "order_new",
        "insight_dashboard",
        "hotspot_map",
        "hotspot_alerts",
        "triage_overview",
    ],
)
def test_every_page_has_a_strict_script_policy_and_nonced_inline_scripts(street, login, name):
    client = login(street.dispatcher)
    response = client.get(reverse(name))
    assert response.status_code == 200
    rules = policy(response)
    scripts = rules["script-src"]
    assert "'self'" in scripts and "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert rules["object-src"] == ["'none'"] and rules["frame-ancestors"] == ["'none'"]
    nonces = {
        value.removeprefix("'nonce-").removesuffix("'") for value in scripts if value.startswith("'nonce-")
    }
    body = response.content.decode()
    for attributes in INLINE_SCRIPT.findall(body):
        found = re.search(r'nonce="([^"]+)"', attributes)
        assert found and found.group(1) in nonces, f"an inline script on {name} has no valid nonce"


def test_the_order_page_and_login_page_have_the_policy(street, login, client):
    assert "script-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]
    page = login(street.dispatcher).get(reverse("order_detail", args=[street.a.order.pk]))
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_each_response_gets_its_own_nonce(street, login):
    client = login(street.dispatcher)
    first = policy(client.get(reverse("insight_dashboard")))["script-src"]
    second = policy(client.get(reverse("insight_dashboard")))["script-src"]
    assert [v for v in first if "nonce" in v] != [v for v in second if "nonce" in v]


def test_the_admin_works_under_the_policy(client, db):
    client.force_login(UserFactory(role=Role.CENTRE_ADMIN))
    response = client.get(reverse("admin:places_compound_changelist"))
    assert response.status_code == 200 and "Content-Security-Policy" in response
    assert not INLINE_SCRIPT.search(response.content.decode())


def test_no_template_has_inline_handlers_or_javascript_urls():
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\son[a-z]+\s*=", text) or "javascript:" in text or "hx-on" in text:
            offenders.append(str(path))
    assert offenders == []


def test_map_tiles_from_a_configured_service_are_allowed_as_images():
    from config.settings.base import map_tile_origins

    assert map_tile_origins("https://{s}.tiles.intranet/{z}/{x}/{y}.png") == ["https://*.tiles.intranet"]
    assert map_tile_origins("") == []
