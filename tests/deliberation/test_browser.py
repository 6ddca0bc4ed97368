"""One real browser run on a phone (390 px): a resident opens a programme's poster page, proposes a
topic; the community worker sees it in the month's pick and the effect chart is drawn (CSP-safe)."""

import os
from datetime import date

import pytest

from jiesu.accounts.models import Role
from jiesu.deliberation import services
from jiesu.public.places import place_token
from tests.browser.test_dispatch_flow import log_in
from tests.factories import CommunityFactory, CommunityUnitFactory, UserFactory
from tests.public.test_browser import PHONE, chromium, fits_the_phone  # noqa: F401

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.browser
def test_a_resident_proposes_on_a_phone_and_the_worker_picks_it(transactional_db, live_server, chromium):  # noqa: F811
    community = CommunityFactory(name="御槐园社区")
    worker = UserFactory(
        username="sqgz",
        display_name="刘秀英",
        role=Role.COMMUNITY,
        unit=CommunityUnitFactory(community=community),
    )
    programme = services.programme_create(
        actor=worker, community=community, name="大槐树下唠家常", started_on=date(2023, 7, 1)
    )
    context = chromium.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/deliberation/public/{place_token(kind='d', pk=programme.pk)}/")
    assert fits_the_phone(page)
    page.fill("#id_content", "大槐树下想放几把椅子给老人歇脚")
    page.fill("#id_phone", "13812345678")
    page.check("#id_consent")
    page.click("button[type=submit]")
    page.wait_for_selector("text=感谢您的提议")
    assert fits_the_phone(page)
    log_in(page, live_server.url, "sqgz")
    page.goto(f"{live_server.url}/deliberation/{programme.pk}/pick/?month={date.today():%Y-%m}")
    assert page.locator(".candidate").count() == 1 and "大槐树下想放几把椅子" in page.content()
    page.goto(f"{live_server.url}/deliberation/{programme.pk}/")
    page.wait_for_selector("[data-delib-chart] canvas")
    assert fits_the_phone(page)
    assert not [e for e in errors if "Content Security Policy" in e]
    context.close()
