import pytest
from django.urls import reverse

from jiesu.accounts.models import Role
from tests.factories import UserFactory

PASSWORD = "pw-123456"


@pytest.fixture
def person(db):
    return UserFactory(username="zhangsan", role=Role.DISPATCHER)


def sign_in(client, username: str, password: str = PASSWORD, ip: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session
