"""One real browser run on a phone: scan a compound's QR page → submit with a photo → the
dispatcher finds the order and dispatches it → the unit resolves it → the resident tracks and rates.

Debian's Chromium (never a downloaded browser) against pytest-django's live server.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from PIL import Image

from jiesu.accounts.models import Role
from jiesu.public.models import EverydayCategory
from jiesu.public.places import place_token
from jiesu.workorders import services
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.states import Status
from tests.browser.test_dispatch_flow import CHROMIUM, CHROMIUM_ARGS, log_in, log_out
from tests.factories import DispatcherFactory, UnitFactory, UserFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def chromium():
    if not CHROMIUM.exists():
        if os.environ.get("JIESU_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`)")
    if not (Path(settings.BASE_DIR) / "static" / "vendor" / "htmx.min.js").exists():
        pytest.fail("static/vendor is missing: run `make assets` first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser
def test_a_resident_scans_submits_tracks_and_rates(transactional_db, live_server, chromium, place, tmp_path):
    base = live_server.url
    # the data migration's row (another transactional test may have flushed it)
    EverydayCategory.objects.get_or_create(
        label="公共设施损坏",
        defaults={"hint": "楼道灯、门禁、单元门", "category_path": "城乡建设 › 物业管理 › 公共设施维修"},
    )
    unit = UnitFactory(name="槐香里物业项目")
    DispatcherFactory(username="paidan", display_name="王派单", role=Role.DISPATCHER)
    worker = UserFactory(username="wuye", display_name="孙物业", role=Role.PROPERTY, unit=unit)
    photo = tmp_path / "hall.jpg"
    Image.new("RGB", (640, 480), (90, 120, 150)).save(photo, "JPEG")

    # the resident scans the compound's poster: its URL opens the form with the place filled in
    phone = chromium.new_page(viewport=PHONE)
    phone.goto(f"{base}/p/q/{place_token(kind='c', pk=place['compound'].pk)}/")
    assert "槐香里（御槐园社区）" in phone.inner_text(".place")
    phone.select_option("#id_everyday", label="公共设施损坏（楼道灯、门禁、单元门）")
    phone.select_option("#id_building", label="2号楼")
    phone.fill("#id_unit_room", "3单元")
    phone.fill("#id_content", "3单元楼道灯坏了一周，晚上老人上下楼看不见台阶。")
    phone.set_input_files("#id_photos", str(photo))
    phone.fill("#id_name", "王淑芬")
    phone.fill("#id_phone", "13812345678")
    phone.check("#id_consent")
    assert fits_the_phone(phone), "the QR form scrolls sideways on a phone"
    phone.screenshot(path="/tmp/public-browser-form.png", full_page=True)
    phone.click("button[type=submit]")
    code = phone.inner_text("#tracking-code")
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    phone.screenshot(path="/tmp/public-browser-code.png", full_page=True)

    # the order appears for the dispatcher, with its photo, and is dispatched in the UI
    order = WorkOrder.objects.get()
    assert order.channel == "qr" and order.building.number == "2"
    desk = chromium.new_page(viewport={"width": 1280, "height": 900})
    log_in(desk, base, "paidan")
    desk.goto(f"{base}/orders/?channel=qr")
    desk.click(f"text={order.number}")
    assert "公众提交" in desk.inner_text("body") and desk.locator(".public-panel img").count() == 1
    desk.select_option("#id_dispatch_lead_unit", label="槐香里物业项目")
    desk.click("#form-dispatch button[type=submit]")
    desk.wait_for_selector("#order .alert.success >> text=已派单")
    desk.screenshot(path="/tmp/public-browser-dispatcher.png", full_page=True)
    log_out(desk)

    # the property project accepts and resolves it (through the services)
    services.workorder_accept(order_id=order.pk, actor=worker)
    services.workorder_resolve(order_id=order.pk, actor=worker, result="已更换3单元楼道灯，照明恢复。")

    # the resident tracks it with the code and the phone's last four digits, and rates it
    phone.goto(f"{base}/p/track/")
    phone.fill("#id_code", code.lower())
    phone.fill("#id_last4", "5678")
    phone.click("button[type=submit]")
    tracking = phone.inner_text("#tracking")
    assert "已办结" in tracking and "已更换3单元楼道灯" in tracking
    assert "孙物业" not in tracking and "王派单" not in tracking
    phone.check("#id_contacted_0")
    phone.check("#id_resolved_0")
    phone.check("#id_satisfaction_0")
    assert fits_the_phone(phone), "the tracking page scrolls sideways on a phone"
    phone.screenshot(path="/tmp/public-browser-track.png", full_page=True)
    phone.click("#rate button[type=submit]")
    phone.wait_for_selector("text=感谢您的评价")
    order.refresh_from_db()
    assert order.status == Status.VISITED and order.visit_satisfaction == "satisfied"
    assert order.visit_channel == "online"
