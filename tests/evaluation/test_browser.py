"""One real browser run on a 390 px phone: the evaluator inspects and points out a problem with a
photo, the community checks it on site, the project rectifies with a photo, the evaluator looks
back. Debian's Chromium, never a downloaded browser (see tests/browser)."""

import os
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connections
from PIL import Image

from jiesu.evaluation.models import LedgerItem
from tests.browser.test_dispatch_flow import browser  # noqa: F401 (the fixture)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
PHONE = {"width": 390, "height": 844}
PASSWORD = "pw-123456"


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def jpeg(path: Path, colour) -> Path:
    buffer = BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.browser
def test_a_finding_from_the_phone_to_the_look_back(
    transactional_db,
    live_server,
    browser,  # noqa: F811 (the imported fixture)
    indicators,
    street,
    tmp_path,  # noqa: F811
):
    base = live_server.url
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    shots = Path(os.environ.get("JIESU_SCREENSHOTS", "/tmp"))

    # the evaluator opens a round and starts 甲项目's inspection
    log_in(page, base, "u_eval")
    page.goto(f"{base}/evaluation/rounds/")
    page.click("summary >> text=新建考评轮次")
    page.fill("#id_name", "2024年第二季度")
    page.fill("#id_period_start", "2024-04-01")
    page.fill("#id_period_end", "2024-06-30")
    page.click("form[action$='/rounds/new/'] button[type=submit]")
    page.wait_for_selector("h1 >> text=2024年第二季度")
    fits_the_phone(page)
    page.locator("li", has_text="联合物业甲项目").locator("button >> text=开始检查").click()
    page.wait_for_selector("text=请逐项评分")

    # a finding with a photo "from the camera"
    page.select_option("#id_compound", label="甲苑")
    page.select_option("#id_building", label="甲苑 5号楼")
    page.select_option("#id_severity", label="较重")
    page.fill("#id_description", "5号楼消防通道被私家车占用")
    page.set_input_files("#finding-form input[type=file]", str(jpeg(tmp_path / "scene.jpg", (180, 40, 40))))
    page.click("#finding-form button[type=submit]")
    page.wait_for_selector("text=已转入问题台账")
    fits_the_phone(page)

    # the score sheet: points taken off without a reason are refused in place (htmx), then saved
    page.locator("#sheet input[type=number]").first.fill("1")
    page.click("#sheet button[type=submit]")
    page.wait_for_selector("#sheet .field-error >> text=请写明扣分原因")
    page.locator("#sheet input[type=text]").first.fill("制度缺失")
    page.click("#sheet button[type=submit]")
    page.wait_for_selector("#sheet >> text=评分已保存，当前得分 99.0 分")
    page.screenshot(path=str(shots / "evaluation-inspection-phone.png"), full_page=True)
    fits_the_phone(page)
    page.click("form[action$='/act/submit/'] button[type=submit]")
    page.wait_for_selector("text=检查已提交")
    item = LedgerItem.objects.get()
    page.click("form.logout button")

    # the community checks it on site
    log_in(page, base, "u_sq_a")
    page.goto(f"{base}/evaluation/ledger/{item.pk}/")
    page.fill("form[action$='/act/verify/'] textarea", "现场属实")
    page.click("form[action$='/act/verify/'] button[type=submit]")
    page.wait_for_selector("text=现场核查完成")
    fits_the_phone(page)
    page.click("form.logout button")

    # the project rectifies with a photo
    log_in(page, base, "u_wy")
    page.goto(f"{base}/")
    page.click("a.tile >> text=台账整改中")
    page.wait_for_selector(".total[data-total='1']")
    page.click(f"text=#{item.pk}")
    page.fill("form[action$='/act/rectify/'] textarea", "已联系车主挪车，设置禁停标识")
    page.set_input_files(
        "form[action$='/act/rectify/'] input[type=file]", str(jpeg(tmp_path / "fixed.jpg", (40, 160, 60)))
    )
    page.click("form[action$='/act/rectify/'] button[type=submit]")
    page.wait_for_selector("text=整改情况已提交")
    assert page.locator(".photos img").count() == 2
    page.screenshot(path=str(shots / "evaluation-rectified-phone.png"), full_page=True)
    fits_the_phone(page)
    item.refresh_from_db()
    assert item.status == "rectified" and item.events.count() == 3
    page.close()
    connections.close_all()
