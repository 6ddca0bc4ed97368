"""One real browser run: a whistle from blowing to the double evaluation.

The community worker blows (with a photo) on a desktop screen; the summoned department checks in
and reports on a phone (390 px) from its workbench tile; the community confirms and rates the
unit; the unit rates the whistle. Debian's Chromium, never a downloaded browser.
"""

from io import BytesIO

import pytest
from PIL import Image

from jiesu.accounts.models import Role
from jiesu.whistles.models import Summons, Whistle
from tests.browser.test_dispatch_flow import browser, log_in, log_out  # noqa: F401  (the fixture)
from tests.factories import (
    BuildingFactory,
    CommunityFactory,
    CommunityUnitFactory,
    CompoundFactory,
    UnitFactory,
    UserFactory,
)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def photo_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (80, 60), (200, 60, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
        "scrolls sideways on a phone"
    )


@pytest.mark.browser
def test_a_whistle_from_blowing_to_the_double_evaluation(
    transactional_db,
    live_server,
    browser,  # noqa: F811  (the fixture imported above)
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    community = CommunityFactory(name="星苑社区")
    community_unit = CommunityUnitFactory(community=community, name="星苑社区居委会")
    compound = CompoundFactory(community=community, name="阳光星苑")
    BuildingFactory(compound=compound, number="5")
    renewal = UnitFactory(name="城市更新集团南苑分部")
    UnitFactory(name="区水务局")
    UserFactory(username="sq", display_name="刘社区", role=Role.COMMUNITY, unit=community_unit)
    UserFactory(username="nanyuan", display_name="张建新", role=Role.DEPARTMENT, unit=renewal)
    page = browser.new_page(viewport=DESKTOP)
    page.on("console", lambda msg: print("console:", msg.text))

    # the community worker blows the whistle from the menu
    log_in(page, base, "sq")
    page.click("nav >> text=协同治理")
    page.click("nav >> text=吹哨报到")
    page.click("text=我要吹哨")
    page.fill("#id_title", "阳光星苑5号楼顶层漏雨")
    page.fill("#id_description", "连续降雨，5号楼顶层多户漏雨，请南苑分部到场。")
    page.select_option("#id_compound", label="阳光星苑")
    page.fill("#id_building_number", "5")
    page.check("input[name=urgency][value=urgent]")
    page.select_option("#id_units", label=["城市更新集团南苑分部"])
    page.set_input_files(
        "#id_photos", files=[{"name": "leak.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    page.click("#form-blow button[type=submit]")
    page.wait_for_selector("text=已吹哨，1 个单位须在")
    whistle = Whistle.objects.get()
    summons = Summons.objects.get(whistle=whistle)
    assert page.url.endswith(f"/whistles/{whistle.pk}/") and whistle.building.number == "5"
    assert page.locator(".photos img").count() == 1
    page.screenshot(path="/tmp/whistles-browser-blown.png", full_page=True)
    log_out(page)

    # the summoned unit, on a phone, finds it on its workbench and checks in
    page.set_viewport_size(PHONE)
    log_in(page, base, "nanyuan")
    tile = page.locator("a.tile", has_text="待报到")
    assert tile.get_attribute("data-count") == "1"
    tile.click()
    assert page.locator(".total").get_attribute("data-total") == "1"
    page.click(f"text={whistle.number}")
    card = f"#summons-{summons.pk}"
    page.click(f"{card} details.action-check_in > summary")
    page.check(f"#form-{summons.pk}-check_in input[name=on_site][value='1']")
    page.click(f"#form-{summons.pk}-check_in button[type=submit]")
    page.wait_for_selector("#whistle .alert.success >> text=已报到。")
    assert page.url.endswith(f"/whistles/{whistle.pk}/")  # swapped in place by htmx
    no_sideways_scroll(page)
    page.click(f"{card} details.action-report > summary")
    page.fill(f"#form-{summons.pk}-report textarea[name=measures]", "现场勘查屋面，防水层开裂，已临时封堵。")
    page.fill(f"#form-{summons.pk}-report textarea[name=result]", "屋面防水修缮完成，雨后回访未再渗漏。")
    page.click(f"#form-{summons.pk}-report button[type=submit]")
    page.wait_for_selector("#whistle .alert.success >> text=已反馈处置结果")
    page.screenshot(path="/tmp/whistles-browser-phone.png", full_page=True)
    no_sideways_scroll(page)
    log_out(page)

    # the community confirms and rates the unit
    page.set_viewport_size(DESKTOP)
    log_in(page, base, "sq")
    page.goto(f"{base}/whistles/?queue=to_confirm")
    page.click(f"text={whistle.number}")
    page.click(f"{card} details.action-confirm > summary")
    page.click(f"#form-{summons.pk}-confirm button[type=submit]")
    page.wait_for_selector("#whistle .alert.success >> text=已确认该单位的处置结果")
    assert "已解决" in page.inner_text("#whistle header")
    page.click(f"{card} details.action-rate_unit > summary")
    for name, score in (("on_time", "5"), ("effective", "5"), ("satisfied", "4")):
        page.check(f"#form-{summons.pk}-rate_unit input[name={name}][value='{score}']")
    page.click(f"#form-{summons.pk}-rate_unit button[type=submit]")
    page.wait_for_selector("#whistle .alert.success >> text=已评价该单位")
    log_out(page)

    # the unit rates the whistle
    log_in(page, base, "nanyuan")
    page.goto(f"{base}/whistles/{whistle.pk}/")
    page.click(f"{card} details.action-rate_whistle > summary")
    page.check(f"#form-{summons.pk}-rate_whistle input[name=reasonable][value='1']")
    page.click(f"#form-{summons.pk}-rate_whistle button[type=submit]")
    page.wait_for_selector("#whistle .alert.success >> text=已提交对本次吹哨的评价")
    assert "报到及时 5 分 · 处置有效 5 分 · 总体满意 4 分" in page.inner_text(f"{card} .rating-unit")
    assert page.inner_text(f"{card} .rating-whistle").startswith("合理")
    kinds = page.locator(".timeline .event .kind").all_inner_texts()
    assert kinds == ["吹哨", "报到", "反馈结果", "确认解决", "评价单位", "评价吹哨"]
    page.screenshot(path="/tmp/whistles-browser-done.png", full_page=True)
    summons.refresh_from_db()
    assert (summons.status, summons.on_time, summons.rating_satisfied, summons.whistle_reasonable) == (
        "solved",
        True,
        4,
        True,
    )
