"""One real browser run on a phone-sized screen: a community worker walks a leak point through the
loop on its page, and the register, the point list and a campaign board fit 390 px without
scrolling sideways. Debian's Chromium against pytest-django's live server."""

import os
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from jiesu.registers import services
from jiesu.registers.models import Point
from tests.registers.conftest import leak_register, point

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SCREENSHOT = Path("/tmp/jiesu_register_point_phone.png")


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`)")
    if not (Path(settings.BASE_DIR) / "static" / "vendor" / "htmx.min.js").exists():
        pytest.fail("htmx is missing: run `make assets` first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()
        connections.close_all()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.browser
def test_a_point_goes_round_the_loop_on_a_phone(transactional_db, live_server, browser, street):
    register = leak_register(street)
    p = point(street, register)
    campaign = services.campaign_plan(
        actor=street["dispatcher"], name="2024 汛期防漏雨", topic=street.topic, starts_on=date(2024, 6, 1),
        ends_on=date(2024, 9, 30), compounds=[street.compound],
    )  # fmt: skip
    base = live_server.url
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "sq")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/registers/{register.pk}/")
    page.wait_for_selector("#proposals h2")  # the detector's proposals load by htmx
    assert fits(page), "the register scrolls sideways on a phone"
    page.click("text=5号楼")
    for action, fill in (
        ("包户到人", None),
        ("即刻响应", None),
        ("上门维修", ("#note-repair", "屋面重做防水")),
        ("社区回访", ("#note-revisit", "住户确认不漏")),
    ):
        page.click(f"summary:has-text('{action}')")
        if fill:
            page.fill(*fill)
        page.click(f"form button:has-text('{action}')")
        page.wait_for_selector(".messages li.success")
        assert fits(page), f"the point page scrolls sideways after {action}"
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert Point.objects.get(pk=p.pk).status == "revisited"
    assert page.locator(".loop li.done").count() == 5
    for url in ("/registers/points/", f"/registers/campaigns/{campaign.pk}/", "/registers/campaigns/tasks/"):
        page.goto(base + url)
        assert fits(page), f"{url} scrolls sideways on a phone"
