"""One real browser run on a phone (390 px): the grid worker opens the workbench tile, records a
大事 from the phone form and escalates it; the community worker finds the order in their queue and
the resident-in-need page, without sideways scrolling. Debian's Chromium, never a downloaded one."""

import pytest

from jiesu.accounts.models import Role
from jiesu.grid import services
from jiesu.grid.models import GridMatter
from jiesu.volunteers.services import resident_create
from tests.browser.test_dispatch_flow import browser, log_in, log_out  # noqa: F401  (the fixture)
from tests.factories import BuildingFactory, CommunityUnitFactory, CompoundFactory, UserFactory

PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


@pytest.mark.browser
def test_a_grid_worker_escalates_a_big_matter_on_a_phone(transactional_db, live_server, browser):  # noqa: F811
    base = live_server.url
    unit = CommunityUnitFactory(community__name="星苑社区", name="星苑社区居委会")
    compound = CompoundFactory(community=unit.community, name="阳光星苑")
    BuildingFactory(compound=compound, number="5")
    centre = UserFactory(username="paidan", role=Role.DISPATCHER)
    grid_user = UserFactory(username="wg", display_name="周红", role=Role.GRID_WORKER, unit=unit)
    UserFactory(username="sq", display_name="刘社区", role=Role.COMMUNITY, unit=unit)
    zone = services.group_create(actor=centre, community=unit.community, kind="zone", name="星苑第一责任区群")
    services.member_add(actor=centre, group_id=zone.pk, name="周红", role="worker", user=grid_user)
    resident_create(
        actor=centre,
        community=unit.community,
        values={"name": "赵大爷", "kind": "alone", "phone": "13812345678"},
    )

    page = browser.new_page(viewport=PHONE)
    log_in(page, base, "wg")
    page.click("text=网格事项待处理")
    page.wait_for_selector("#results")
    no_sideways_scroll(page)
    page.goto(f"{base}/grid/matters/new/")
    no_sideways_scroll(page)
    page.select_option("#id_reporter", label="星苑第一责任区群 · 周红（网格员）")
    page.select_option("#id_tier", "major")
    page.fill("#id_title", "5号楼顶层漏雨")
    page.select_option("#id_compound", label="阳光星苑")
    page.fill("#id_building_number", "5")
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("text=上报社区（大事，生成社区工单）")
    no_sideways_scroll(page)
    page.fill("#id_note_h", "涉及多户，需维修资金")
    page.click("text=上报社区（大事，生成社区工单）")
    page.wait_for_selector("text=已上报社区")
    matter = GridMatter.objects.get()
    assert (
        matter.status == "to_community" and matter.order.lead_unit == unit and matter.building.number == "5"
    )
    log_out(page)

    log_in(page, base, "sq")
    page.goto(f"{base}/orders/{matter.order_id}/")
    page.wait_for_selector("#grid-panel")
    page.goto(f"{base}/volunteers/residents/")
    page.wait_for_selector("#results")
    assert "赵**" in page.content() and "赵大爷" not in page.content()
    no_sideways_scroll(page)
    page.click("#results table a >> nth=0")
    page.wait_for_selector("#resident-name")
    no_sideways_scroll(page)
    page.click("text=查看完整信息（将被记录）")
    page.wait_for_selector("text=本次查看已记录")
    assert page.inner_text("#resident-name") == "赵大爷"
    for path in (
        "/volunteers/",
        "/volunteers/people/",
        "/volunteers/records/",
        "/volunteers/pairings/",
        "/volunteers/residents/new/",
        "/grid/",
        f"/grid/groups/{zone.pk}/",
        "/grid/figures/",
    ):
        page.goto(f"{base}{path}")
        page.wait_for_selector("h1")
        no_sideways_scroll(page)
