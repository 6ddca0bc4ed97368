"""In a real browser under the Content-Security-Policy: the dashboard's charts (ECharts) and the map
(Leaflet) still draw, no violation is reported, and a compound named like markup stays text."""

import os

import pytest

from jiesu.accounts.models import Role
from tests.browser.test_dispatch_flow import browser  # noqa: F401 — Debian's Chromium via Playwright
from tests.factories import CompoundFactory, UserFactory, WorkOrderFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
HOSTILE = '<img src=x id=pwned onerror="document.title=1">'


@pytest.mark.browser
def test_charts_and_map_work_under_the_policy(transactional_db, live_server, browser):  # noqa: F811
    user = UserFactory(username="kanban", role=Role.DISPATCHER)
    compound = CompoundFactory(name=HOSTILE, lat=39.9, lng=116.4)
    for lat, lng in (
        (39.89, 116.39),
        (39.91, 116.41),
    ):  # neighbours on either side: the hostile one is centred
        CompoundFactory(lat=lat, lng=lng, community=compound.community)
    WorkOrderFactory(compound=compound, community=compound.community)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(str(error)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/insight/")
    page.wait_for_function("document.querySelector('[data-chart] canvas') !== null", timeout=10000)
    page.goto(f"{live_server.url}/hotspots/map/")
    page.wait_for_selector("#hotspot-map canvas", timeout=10000)
    page.wait_for_timeout(500)  # markers are drawn on a canvas; the hostile compound sits in the middle
    box = page.locator("#hotspot-map").bounding_box()
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*middle)
    page.wait_for_selector(".leaflet-tooltip", timeout=5000)
    assert page.inner_text(".leaflet-tooltip") == HOSTILE
    page.mouse.click(*middle)
    page.wait_for_selector(".leaflet-popup-content", timeout=5000)

    assert page.locator("#pwned").count() == 0 and page.title() != "1"
    assert HOSTILE in page.inner_text(".leaflet-popup-content")
    assert not [m for m in messages if "Content Security Policy" in m or "Refused to" in m], messages
