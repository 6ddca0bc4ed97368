import pytest

from jiesu.accounts.models import Role
from jiesu.workorders import services
from tests.factories import PropertyProjectFactory, UserFactory, WorkOrderFactory


@pytest.fixture
def two_companies(dispatcher):
    project_a, project_b = PropertyProjectFactory(), PropertyProjectFactory()
    order_a = WorkOrderFactory(content="A公司小区电梯停运")
    order_b = WorkOrderFactory(content="B公司小区垃圾未清运")
    services.workorder_dispatch(order_id=order_a.pk, actor=dispatcher, lead_unit=project_a)
    services.workorder_dispatch(order_id=order_b.pk, actor=dispatcher, lead_unit=project_b)
    user_a = UserFactory(role=Role.PROPERTY, unit=project_a.parent)
    return user_a, order_a, order_b


@pytest.mark.django_db
def test_api_lists_only_the_users_scope_with_masked_citizens(client, two_companies):
    user_a, order_a, order_b = two_companies
    client.force_login(user_a)
    response = client.get("/api/orders")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [item["number"] for item in body["items"]] == [order_a.number]
    assert body["items"][0]["citizen_phone"] == "138****5678"
    assert body["items"][0]["citizen_name"] == "张**"
    assert order_b.number not in response.content.decode()


@pytest.mark.django_db
def test_api_detail_outside_scope_is_404(client, two_companies):
    user_a, order_a, order_b = two_companies
    client.force_login(user_a)
    assert client.get(f"/api/orders/{order_b.pk}").status_code == 404
    assert client.get(f"/api/orders/{order_a.pk}").json()["status"] == "dispatched"


@pytest.mark.django_db
def test_api_requires_login(client):
    assert client.get("/api/orders").status_code == 401


@pytest.mark.django_db
def test_openapi_schema_is_served_to_logged_in_users(client, dispatcher):
    assert client.get("/api/openapi.json").status_code == 302  # to the login page
    client.force_login(dispatcher)
    schema = client.get("/api/openapi.json").json()
    assert "/api/orders" in schema["paths"]
    limit = next(p for p in schema["paths"]["/api/orders"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 500
