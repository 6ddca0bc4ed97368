"""One real browser run on a phone-sized screen (390 px): the centre takes a community's project from
征集 through 评审, 立项 and 实施 to 验收 on its page (htmx), uploading an after photo on the way, and
the page then shows the effect section; the batches page lists the project's effect. Debian's
Chromium against pytest-django's live server (the setup of tests/registers/test_browser.py)."""

import os
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from PIL import Image

from jiesu.core.models import Photo
from jiesu.projects.models import Project
from tests.projects.conftest import propose

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SCREENSHOT = Path("/tmp/jiesu_project_phone.png")


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


@pytest.fixture
def after_photo(tmp_path) -> Path:
    path = tmp_path / "after.jpg"
    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x0110] = "Secret Phone Model"
    Image.new("RGB", (64, 48), (40, 160, 90)).save(buffer, format="JPEG", exif=exif)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.browser
def test_the_centre_takes_a_project_to_acceptance_on_a_phone(
    transactional_db, live_server, browser, street, after_photo
):
    project = propose(street)  # 甲社区's roof project, 征集
    base = live_server.url
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "dispatcher")
    page.fill("#id_password", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/projects/{project.pk}/")
    assert fits(page), "the project page scrolls sideways on a phone"

    def act(action: str, label: str, status: str, fill=None) -> None:
        page.click(f"details.action-{action} > summary")
        if fill:
            fill(page.locator(f"#form-{action}"))
        page.click(f"#form-{action} button[type=submit]")
        page.wait_for_selector(f"#project h1 .status:has-text('{status}')")
        assert page.locator("#project .alert.error").count() == 0, page.locator(
            "#project .alert"
        ).inner_text()
        assert fits(page), f"the project page scrolls sideways after {label}"

    act("submit", "提交评审", "评审")
    act(
        "approve",
        "批准立项",
        "立项",
        lambda form: form.locator("select[name=owner_unit]").select_option(str(street.housing.pk)),
    )
    act("start", "开工实施", "实施")

    def photo(form) -> None:
        form.locator("select[name=role]").select_option("实施后")
        form.locator("input[name=photos]").set_input_files(str(after_photo))

    page.click("details.action-photo > summary")
    photo(page.locator("#form-photo"))
    page.click("#form-photo button[type=submit]")
    page.wait_for_selector("#photos img[alt=实施后照片]")
    assert fits(page)

    today = Project.objects.get(pk=project.pk).started_on.isoformat()
    act("accept", "验收通过", "验收", lambda form: form.locator("input[name=completed_on]").fill(today))
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # the page shows the effect section (completed today: no month to compare yet) and the photo
    effect = page.locator("#effect")
    assert effect.is_visible() and "成效" in effect.inner_text() and "暂无对比" in effect.inner_text()
    accepted = Project.objects.get(pk=project.pk)
    assert (accepted.status, accepted.completed_on.isoformat()) == ("accepted", today)
    assert Photo.objects.filter(role="实施后").count() == 1
    assert list(accepted.events.values_list("kind", flat=True)) == [
        "proposed", "submit", "approve", "start", "photo", "accept"
    ]  # fmt: skip

    # the batches page lists it with its effect, and fits the phone
    page.goto(f"{base}/projects/batches/?batch={street.batch.pk}")
    assert fits(page), "the batches page scrolls sideways on a phone"
    assert page.locator(f"#batches tr[data-batch='{street.batch.pk}']").is_visible()
    assert accepted.number in page.locator("#effects").inner_text()
