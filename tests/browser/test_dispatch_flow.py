"""One real browser run: a dispatcher registers and dispatches an order, the unit accepts and resolves it.

Drives Debian's Chromium (never a downloaded browser) against pytest-django's live server, which
serves the static files (htmx from static/vendor, put there by `make assets`).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from jiesu.accounts.models import Role
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.states import Status
from tests.factories import DispatcherFactory, UnitFactory, UserFactory

# Playwright's sync API runs an event loop in this thread; the ORM calls below are still sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT = Path("/tmp/jiesu_order.png")
SCREENSHOT_PHONE = Path("/tmp/jiesu_order_phone.png")
PASSWORD = "pw-123456"


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (`make browser`)"
        if os.environ.get("JIESU_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    htmx = Path(settings.BASE_DIR) / "static" / "vendor" / "htmx.min.js"
    if not htmx.exists():
        pytest.fail(f"{htmx} is missing: run `make assets` first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        # ORM calls made while Playwright's loop ran used their own connection: close it here,
        # or PostgreSQL refuses to drop the test database at the end of the session
        connections.close_all()


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def log_out(page) -> None:
    page.click("form.logout button")
    page.wait_for_selector("#id_username")


@pytest.mark.browser
def test_dispatch_accept_resolve_in_the_browser(transactional_db, live_server, browser):
    base = live_server.url
    unit = UnitFactory(name="街道城管科")
    DispatcherFactory(username="paidan", display_name="王派单", role=Role.DISPATCHER)
    UserFactory(username="chengguan", display_name="李城管", role=Role.DEPARTMENT, unit=unit)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda msg: print("console:", msg.text))

    # the dispatcher registers a call
    log_in(page, base, "paidan")
    assert page.evaluate("typeof htmx") == "object", "htmx did not load: run `make assets`"
    page.click("nav >> text=登记")
    page.fill("#id_content", "路口井盖缺失，夜间行人容易踩空。")
    page.fill("#id_address_text", "示范街道幸福路口")
    page.fill("#id_citizen_name", "张三丰")
    page.fill("#id_citizen_phone", "13812345678")
    page.click("#form-new button[type=submit]")
    page.wait_for_selector("text=已登记工单")
    order = WorkOrder.objects.get()
    assert page.url.endswith(f"/orders/{order.pk}/")
    assert "138****5678" in page.content() and "13812345678" not in page.content()

    # … and dispatches it to the unit (htmx swaps the order in place)
    page.select_option("#id_dispatch_lead_unit", label="街道城管科")
    page.click("#form-dispatch button[type=submit]")
    page.wait_for_selector("#order .alert.success >> text=已派单")
    assert page.url.endswith(f"/orders/{order.pk}/")  # swapped, not reloaded
    order.refresh_from_db()
    assert order.status == Status.DISPATCHED and order.lead_unit == unit
    log_out(page)

    # the unit's member accepts and resolves it
    log_in(page, base, "chengguan")
    page.click(f"text={order.number}")
    page.click("#form-accept button[type=submit]")
    page.wait_for_selector("#order .alert.success >> text=已签收")
    page.fill("#id_resolve_result", "已联系市政补装井盖，现场已恢复。")
    page.click("#form-resolve button[type=submit]")
    page.wait_for_selector("#order .alert.success >> text=已办结")
    order.refresh_from_db()
    assert order.status == Status.RESOLVED

    # the timeline lists each step with who did it
    kinds = page.locator(".timeline .event .kind").all_inner_texts()
    actors = page.locator(".timeline .event .actor").all_inner_texts()
    # triage raised the urgency of a missing manhole cover (井盖缺失) as the system, on intake
    assert kinds == ["登记", "信息更正", "派单", "签收", "办结"]
    assert actors[:3] == ["王派单", "系统", "王派单"]
    assert actors[3] == actors[4] == "李城管（街道城管科）"
    assert "已联系市政补装井盖" in page.inner_text("#order")

    page.screenshot(path=str(SCREENSHOT), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOT_PHONE), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, (
        "the order page scrolls sideways on a phone"
    )
