"""Acting on a shared object needs scope over the whole of it; links people set stay on this site
(or on allowed hosts); names from the admin are escaped on the map; invisible characters go."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.core.errors import NotPermitted, ValidationFailed
from jiesu.core.links import link_is_safe
from jiesu.core.normalise import clean_line, clean_number, clean_text
from jiesu.hotspots import services
from jiesu.hotspots.models import Alert, AlertOrder, AlertStatus, HotspotRule
from jiesu.workorders import services as order_services
from jiesu.workorders.models import WorkOrder
from tests.factories import (
    CategoryFactory,
    CommunityUnitFactory,
    CompoundFactory,
    UnitFactory,
    UserFactory,
    WorkOrderFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def street_alert(dispatcher):
    """An alert over 18 orders of one compound: one led by a department, the rest by others."""
    community_unit = CommunityUnitFactory()
    compound = CompoundFactory(community=community_unit.community)
    department, other = UnitFactory(name="城管科"), UnitFactory(name="房管所")
    category, now = CategoryFactory(), timezone.now()
    orders = [
        WorkOrderFactory(compound=compound, community=compound.community, category=category)
        for _ in range(18)
    ]
    for n, order in enumerate(orders):
        order_services.workorder_dispatch(
            order_id=order.pk, actor=dispatcher, lead_unit=department if n == 0 else other
        )
    alert = Alert.objects.create(
        rule=HotspotRule.objects.create(name="街道规则"), category=category, community=compound.community,
        compound=compound, first_order_at=now - timedelta(hours=30), last_order_at=now, raised_at=now,
        detected_at=now, order_count=18, expected=1.5, p_value=1e-6,
    )  # fmt: skip
    AlertOrder.objects.bulk_create(AlertOrder(alert=alert, order=order) for order in orders)
    return {
        "alert": alert,
        "one_order_unit": UserFactory(role=Role.DEPARTMENT, unit=department),
        "all_but_one_unit": UserFactory(role=Role.DEPARTMENT, unit=other),
        "community": UserFactory(role=Role.COMMUNITY, unit=community_unit),
    }


def test_a_unit_leading_one_order_sees_the_alert_but_cannot_close_it(client, street_alert):
    alert, user = street_alert["alert"], street_alert["one_order_unit"]
    assert access.can(user, "view", alert)
    for action in ("acknowledge", "link_action", "close"):
        assert not access.can(user, action, alert)
    with pytest.raises(NotPermitted):
        services.alert_close(alert_id=alert.pk, actor=user, note="我这件办完了")
    client.force_login(user)
    assert client.get(reverse("alert_detail", args=[alert.pk])).status_code == 200
    client.post(reverse("alert_act", args=[alert.pk, "close"]), {"note": "关掉"})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_seventeen_of_eighteen_is_still_not_the_whole_alert(street_alert):
    assert not access.can(street_alert["all_but_one_unit"], "close", street_alert["alert"])


def test_who_covers_the_whole_alert_may_act(street_alert, dispatcher):
    alert = street_alert["alert"]
    assert access.can(street_alert["community"], "close", alert)  # every order is in their community
    services.alert_acknowledge(alert_id=alert.pk, actor=street_alert["community"], note="已组织排查")
    services.alert_close(alert_id=alert.pk, actor=dispatcher, note="已处置")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED
    assert not access.can(UserFactory(role=Role.LEADER), "close", alert)


@pytest.mark.parametrize(
    "url",
    ["//evil.example/x", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "https://evil.example/",
     "http:/evil.example", "data:text/html,x", "/ok\nSet-Cookie: x", "orders/1"],
)  # fmt: skip
def test_action_links_off_site_are_refused(street_alert, dispatcher, url):
    alert = street_alert["alert"]
    with pytest.raises(ValidationFailed):
        services.alert_link_action(alert_id=alert.pk, actor=dispatcher, action_text="排查", action_url=url)
    alert.refresh_from_db()
    assert alert.action_url == ""


def test_links_on_this_site_or_allowed_hosts_are_kept(street_alert, dispatcher, settings):
    alert = street_alert["alert"]
    services.alert_link_action(
        alert_id=alert.pk, actor=dispatcher, action_text="排查", action_url="/projects/3/"
    )
    settings.JIESU_LINK_HOSTS = ["zhili.intranet"]
    assert link_is_safe("https://zhili.intranet/p/7")
    assert not link_is_safe("https://zhili.intranet.evil.example/p/7")


def test_a_bad_link_stored_before_is_not_rendered_as_a_link(client, street_alert, dispatcher):
    alert = street_alert["alert"]
    Alert.objects.filter(pk=alert.pk).update(action_text="看这里", action_url="//evil.example/x")
    client.force_login(dispatcher)
    body = client.get(reverse("alert_detail", args=[alert.pk])).content.decode()
    assert "看这里" in body and "evil.example" not in body


def test_map_tooltips_escape_names_entered_in_the_admin(client, dispatcher):
    client.force_login(dispatcher)
    page = client.get(reverse("hotspot_map")).content.decode()
    assert ".bindTooltip(esc(c.name)" in page and ".bindTooltip(c.name" not in page


def test_invisible_characters_are_stripped():
    assert clean_line("张\u200b三\u202e\x07") == "张三"
    assert clean_number("１３８\u200b1234 5678") == "13812345678"
    assert clean_text("第一行\r\n第二行\u200d\x00") == "第一行\n第二行"


def test_registering_an_order_stores_clean_names_and_numbers(dispatcher):
    order = order_services.workorder_create(
        actor=dispatcher, content="楼道\u200b灯坏了", citizen_name="李\u200b四\u2066", citizen_phone="139\u200b1234\u00a05678",
        number="AB\u200c123",
    )  # fmt: skip
    order = WorkOrder.objects.get(pk=order.pk)
    assert (order.citizen_name, order.citizen_phone, order.number, order.content) == (
        "李四", "13912345678", "AB123", "楼道灯坏了"
    )  # fmt: skip


def test_an_import_stores_clean_names_and_numbers(tmp_path):
    from jiesu.intake.importing.service import orders_import
    from tests.intake.helpers import order_row, write_csv

    path = write_csv(
        tmp_path / "a.csv",
        [order_row("2024\u200b0901\u200d00001", 诉求人="王\u200b五", 联系电话="\u2066139 1234 5678")],
    )
    orders_import(source=path, filename="a.csv")
    order = WorkOrder.objects.get()
    assert order.number == "2024090100001"
    assert (
        order.citizen_name == "王五" and "\u2066" not in order.citizen_phone and "\u200b" not in order.number
    )
