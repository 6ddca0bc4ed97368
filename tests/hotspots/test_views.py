"""The pages: alert list and page, acknowledge via htmx, recurring points, the map and its JSON."""

from datetime import timedelta

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from jiesu.hotspots.models import Alert, AlertStatus
from jiesu.hotspots.services import hotspot_scan
from tests.factories import DispatcherFactory
from tests.hotspots.conftest import burst


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
