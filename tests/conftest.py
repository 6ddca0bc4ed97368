import pytest

from tests.factories import DispatcherFactory


@pytest.fixture
def dispatcher(db):
    return DispatcherFactory(username="dispatcher")


def is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"
