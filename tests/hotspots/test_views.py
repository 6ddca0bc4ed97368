"""The pages: alert list and page, acknowledge via htmx, recurring points, the map and its JSON."""

from datetime import timedelta

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from jiesu.hotspots.models import Alert, AlertStatus
from jiesu.hotspots.services import hotspot_scan
from tests.factories import CategoryFactory, DispatcherFactory
from tests.hotspots.conftest import burst, make_order


def _alert(street):
    burst(street, "a", start=timezone.now() - timedelta(hours=10))
    hotspot_scan(now=timezone.now())
    return Alert.objects.get()


def test_alert_list_and_page_show_the_orders(client, street):
    alert = _alert(street)
    client.force_login(street["community_user_a"])

    listing = client.get(reverse("hotspot_alerts"))
    page = client.get(reverse("alert_detail", args=[alert.pk]))

    assert "阳光星苑" in listing.content.decode()
    html = page.content.decode()
    assert html.count('href="/orders/') >= 4 and "确认预警" in html


def test_another_community_gets_a_404(client, street):
    alert = _alert(street)
    client.force_login(street["community_user_b"])
    assert client.get(reverse("alert_detail", args=[alert.pk])).status_code == 404
    assert "阳光星苑" not in client.get(reverse("hotspot_alerts")).content.decode()


def test_acknowledge_through_htmx_returns_the_partial(client, street):
    alert = _alert(street)
    client.force_login(street["community_user_a"])

    response = client.post(
        reverse("alert_act", args=[alert.pk, "acknowledge"]), {"note": "已派人查看"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "<html" not in response.content.decode() and "已确认" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED


def test_panel_and_recurring_render(client, street):
    _alert(street)
    client.force_login(DispatcherFactory())
    panel = client.get(reverse("alerts_panel")).content.decode()
    assert "1 条待处理" in panel and "<html" not in panel
    assert client.get(reverse("recurring_points")).status_code == 200


@override_settings(JIESU_MAP_TILE_URL="")
def test_map_without_tiles_has_no_external_url(client, street):
    client.force_login(DispatcherFactory())
    html = client.get(reverse("hotspot_map")).content.decode()
    assert "vendor/leaflet/leaflet.js" in html and "未配置地图底图服务" in html
    assert "http://" not in html and "https://" not in html


@override_settings(JIESU_MAP_TILE_URL="http://tiles.intranet.local/{z}/{x}/{y}.png")
def test_map_with_tiles_uses_the_configured_service(client, street):
    client.force_login(DispatcherFactory())
    html = client.get(reverse("hotspot_map")).content.decode()
    assert "tiles.intranet.local" in html and "未配置地图底图服务" not in html


def test_map_json_is_scoped(client, street):
    _alert(street)
    client.force_login(street["community_user_b"])
    data = client.get(reverse("hotspot_map_data")).json()
    assert [c["name"] for c in data["compounds"]] == ["芳林园"]
    client.force_login(DispatcherFactory())
    data = client.get(reverse("hotspot_map_data"), {"days": 30}).json()
    assert {c["name"] for c in data["compounds"]} == {"阳光星苑", "芳林园"}


def test_the_alert_page_scans_when_stale_and_says_when_it_last_ran(client, street):
    burst(street, "a", start=timezone.now() - timedelta(hours=10))  # nothing scanned yet
    client.force_login(DispatcherFactory())

    page = client.get(reverse("hotspot_alerts")).content.decode()

    assert 'data-total="1"' in page and "阳光星苑" in page
    assert "预警扫描每 10 分钟一次，上次扫描：" in page and "（刚刚）" in page
    panel = client.get(reverse("alerts_panel")).content.decode()
    assert "上次扫描：" in panel and "1 条待处理" in panel


def test_acknowledging_says_so_in_chinese(client, street):
    alert = _alert(street)
    client.force_login(street["community_user_a"])

    page = client.post(
        reverse("alert_act", args=[alert.pk, "acknowledge"]), {"note": ""}, HTTP_HX_REQUEST="true"
    )

    assert "已确认预警，请安排处置。" in page.content.decode()


def _recurring(street, compound_key: str, building=None, category=None):
    for month in (1, 3, 5, 7):
        make_order(street, compound_key, timezone.now().replace(day=10) - timedelta(days=31 * month),
                   building=building, **({"category": category} if category else {}))  # fmt: skip


def test_recurring_points_filter_by_community_and_category_and_page(client, street):
    other = CategoryFactory(name="电梯故障", parent=street["leak"].parent)
    _recurring(street, "a", building=street["building_a"])
    _recurring(street, "b")
    _recurring(street, "b", category=other)
    client.force_login(DispatcherFactory())
    url = reverse("recurring_points")

    everything = client.get(url).content.decode()
    in_b = client.get(url, {"community": street["b"].community_id}).content.decode()
    lifts = client.get(url, {"category": other.pk}).content.decode()
    level_2 = client.get(
        url, {"category": other.parent_id, "community": street["a"].community_id}
    ).content.decode()

    assert 'data-total="3"' in everything
    assert 'data-total="2"' in in_b and "芳林园" in in_b and "阳光星苑" not in in_b
    assert 'data-total="1"' in lifts and "电梯故障" in lifts
    assert 'data-total="1"' in level_2 and "阳光星苑5号楼" in level_2
    assert 'name="community"' in everything and 'name="category"' in everything


def test_recurring_points_are_paged(client, street, monkeypatch):
    monkeypatch.setattr("jiesu.hotspots.views.places.PAGE_SIZE", 1)
    _recurring(street, "a")
    _recurring(street, "b")
    client.force_login(DispatcherFactory())

    second = client.get(reverse("recurring_points"), {"page": 2}).content.decode()

    assert 'data-total="2"' in second and "第 2 / 2 页" in second and "上一页" in second


def test_a_building_link_opens_that_buildings_orders(client, street):
    _recurring(street, "a", building=street["building_a"])
    _recurring(street, "a")  # the same compound without a building
    client.force_login(DispatcherFactory())

    page = client.get(reverse("recurring_points")).content.decode()
    link = f"/orders/?compound={street['a'].pk}&building={street['building_a'].pk}"
    listing = client.get(link)

    assert f'href="{link}"' in page
    assert listing.status_code == 200
    assert {o.building_id for o in listing.context["orders"]} == {street["building_a"].pk}
    assert listing.context["page"].paginator.count == 4


def test_on_the_map_only_the_map_is_the_current_menu_item(client, street):
    client.force_login(DispatcherFactory())
    html = client.get(reverse("hotspot_map")).content.decode()
    assert '<a href="/hotspots/map/" aria-current="page">地图</a>' in html
    assert '<a href="/hotspots/" aria-current="page">' not in html
