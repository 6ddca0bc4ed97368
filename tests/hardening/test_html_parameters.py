"""Every page answers out-of-range parameters with 4xx, never 5xx (issue 9 item 3).

Each URL pattern of the site (the Django admin and the JSON API aside: the API has its own
schemathesis test) is requested with path ids at and beyond 64 bits and with query parameters out
of range — ids beyond 64 bits, the years 9999 and 0001, impossible days and months, over-long and
control-character texts — as a street-wide user, a community worker and an anonymous visitor.
Parameter names are those the pages read; every name of a kind gets the same value in one request.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from jiesu.accounts.models import Role
from tests.hardening.conftest import user_for

INT_NAMES = [
    "community",
    "compound",
    "category",
    "unit",
    "building",
    "page",
    "job",
    "days",
    "version",
    "limit",
    "offset",
    "level",
    "year",
    "station",
    "order",
    "round",
    "project",
    "batch",
]
DATE_NAMES = ["date_from", "date_to", "from", "to", "until", "since", "day", "date"]
MONTH_NAMES = ["start", "end", "month"]
TEXT_NAMES = [
    "q",
    "status",
    "channel",
    "appeal_type",
    "kind",
    "format",
    "sort",
    "order",
    "phone",
    "field",
    "tab",
]
HOSTILE = {
    "int": ["18446744073709551616", "-9223372036854775809", "0", "²"],
    "date": ["9999-12-31", "0001-01-01", "2024-02-30"],
    "month": ["9999-12", "0001-01"],
    "text": ["水" * 5000, "\x00\x01", "²"],  # "²".isdigit() is true, int("²") fails
}
NAMES = {"int": INT_NAMES, "date": DATE_NAMES, "month": MONTH_NAMES, "text": TEXT_NAMES}
SKIP = re.compile(r"^(admin/|api/|static/|media/)")


def _patterns(resolvers, prefix=""):
    for item in resolvers:
        if isinstance(item, URLResolver):
            yield from _patterns(item.url_patterns, prefix + str(item.pattern))
        elif isinstance(item, URLPattern):
            yield prefix + str(item.pattern)


def url_patterns() -> list[str]:
    return sorted({route for route in _patterns(get_resolver().url_patterns) if not SKIP.match(route)})


def fill(route: str, number: str) -> str:
    """A route with every <int:…> set to `number` and every other converter to a plain word."""
    path = re.sub(r"<int:\w+>", number, route)
    path = re.sub(r"<(?:str|slug):\w+>", "accept", path)
    path = re.sub(r"<path:\w+>", "x", path)
    path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", path)
    return "/" + path.lstrip("^").rstrip("$")


def requests_for(route: str, real_id: int, *, everything: bool):
    """The page as is, then with each kind of hostile value (`everything`: all of them, else the
    first of each kind); an id in the path beyond 64 bits is requested as is."""
    for number in [str(2**63), str(10**30)] if "<int:" in route else []:
        yield fill(route, number), {}
    path = fill(route, str(real_id))
    yield path, {}
    for kind, values in HOSTILE.items():
        for value in values if everything else values[:1]:
            yield path, dict.fromkeys(NAMES[kind], value)


@pytest.fixture
def visitors(street) -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for role in (Role.DISPATCHER, Role.COMMUNITY):
        clients[role] = Client()
        clients[role].force_login(user_for(role, street))
    return clients


@pytest.mark.django_db
@pytest.mark.parametrize("route", url_patterns())
def test_no_page_answers_a_bad_parameter_with_a_server_error(route, visitors, street, caplog):
    caplog.set_level("CRITICAL", logger="django.request")  # hundreds of expected 4xx
    real_id = street["order"].pk
    failures = []
    for who, client in visitors.items():
        client.raise_request_exception = False
        for path, query in requests_for(route, real_id, everything=who != "anonymous"):
            response = client.get(path, query)
            if response.status_code >= 500:
                failures.append((who, path, {k: v[:30] for k, v in query.items()}, response.status_code))
    assert not failures, failures[:5]
