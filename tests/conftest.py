import pytest

from jiesu.core.memo import memo_clear_all
from jiesu.places.selectors import name_index_clear
from jiesu.triage.selectors import triage_caches_clear
from tests.factories import DispatcherFactory


@pytest.fixture(autouse=True)
def _fresh_gazetteer():
    # the gazetteer caches place names; a rolled-back test leaves no signal to clear it
    name_index_clear()
    memo_clear_all()  # the order forms' choices (jiesu.core.memo), for the same reason
    triage_caches_clear()  # triage's settings, rules and active model id (a minute per process)
    yield
    name_index_clear()
    memo_clear_all()
    triage_caches_clear()


@pytest.fixture
def dispatcher(db):
    return DispatcherFactory(username="dispatcher")


def is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"
