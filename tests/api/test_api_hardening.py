"""The API's docs work offline and only for logged-in users; every parameter has its range
(issue 7 item 12, issue 9 item 3)."""

import re

import pytest
from django.contrib.staticfiles import finders

from tests.factories import WorkOrderFactory

pytestmark = pytest.mark.django_db


def test_the_docs_are_for_logged_in_users_only(client, dispatcher):
    response = client.get("/api/docs")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    client.force_login(dispatcher)
    assert client.get("/api/docs").status_code == 200


def test_the_docs_load_nothing_from_another_host(client, dispatcher):
    client.force_login(dispatcher)
    html = client.get("/api/docs").content.decode()
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", html)
    assert "cdn" not in html.lower()
    assert '"validatorUrl": null' in html  # Swagger UI would otherwise ask validator.swagger.io
    assets = re.findall(r"""(?:src|href)=["'](/static/[^"']+)["']""", html)
    assert {"/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui.css"} <= set(assets)
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset  # shipped with the package
        assert client.get(asset).status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": 501}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 10**30}, "offset"),
        ({"community": 2**64}, "community"),
        ({"unit": 0}, "unit"),
        ({"status": "nonsense"}, "status"),
        ({"channel": "x" * 40}, "channel"),
        ({"q": "水" * 101}, "q"),
    ],
)
def test_out_of_range_parameters_get_a_422_naming_them(client, dispatcher, query, field):
    client.force_login(dispatcher)
    response = client.get("/api/orders", query)
    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"])


def test_a_limit_within_the_cap_pages_through(client, dispatcher):
    for n in range(3):
        WorkOrderFactory(number=f"A{n}")
    client.force_login(dispatcher)
    body = client.get("/api/orders", {"limit": 2, "offset": 2, "status": "new"}).json()
    assert body["count"] == 3 and len(body["items"]) == 1


@pytest.mark.parametrize("order_id", [0, 2**63, 10**40])
def test_an_order_id_out_of_range_is_a_422(client, dispatcher, order_id):
    client.force_login(dispatcher)
    assert client.get(f"/api/orders/{order_id}").status_code == 422


def test_an_order_id_in_range_but_absent_is_a_404(client, dispatcher):
    client.force_login(dispatcher)
    assert client.get(f"/api/orders/{2**63 - 1}").status_code == 404
