"""Every page of the generated street as every role: zero 5xx.

Every URL pattern of the URLconf (its arguments filled with the street's ids), every order of
every kind, every list filter value and every workbench tile link. A failure lists each URL
with the role and the error, so one run shows all that is broken.
"""

import re
import traceback
from urllib.parse import urlencode

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from jiesu.core.extensions import workbench_tiles
from jiesu.workorders.models import AppealType, Channel
from jiesu.workorders.states import Status

SKIPPED = ("admin/",)  # Django's own admin pages are not ours to crawl (their 404s are fine, too)
FILTER_ROLES = {"dispatcher", "leader", "property", "department", "community"}
ARG_RE = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def _urls(route: str, ids: list[int]) -> list[str]:
    """`route` with each argument filled in: an int by every id given, anything else by a word."""
    if route.startswith("^") or "(?P" in route:
        return []  # regex routes (the API's) are reached through their own tests
    if any(route.startswith(skipped) for skipped in SKIPPED):
        return []
    names = ARG_RE.findall(route)
    if not names:
        return ["/" + route]
    if all(conv == "int" for conv, _ in names):
        return ["/" + ARG_RE.sub(str(pk), route) for pk in ids]
    return ["/" + ARG_RE.sub(lambda m: "1" if m.group("conv") == "int" else "x", route)]


def _get(client: Client, url: str, failures: list, who: str) -> int:
    try:
        response = client.get(url)
    except Exception:  # noqa: BLE001 - the crawl reports every failure, not the first
        failures.append(f"{who} GET {url}: {traceback.format_exc(limit=-3)}")
        return 500
    if response.status_code >= 500:
        failures.append(f"{who} GET {url}: {response.status_code}")
    return response.status_code


def _filter_queries(street) -> list[dict]:
    order = street.orders["办理中"]
    queries = [{"status": status} for status in Status.values]
    queries += [{"channel": channel} for channel in Channel.values]
    queries += [{"appeal_type": kind} for kind in AppealType.values]
    queries += [
        {flag: "1"}
        for flag in (
            "overdue",
            "flagged",
            "mine",
            "co_handling",
            "counted",
            "needs_human",
            "due_soon",
            "extension_pending",
        )
    ]
    queries += [
        {"community": order.community_id},
        {"compound": order.compound_id},
        {"category": order.category_id},
        {"unit": order.lead_unit_id},
        {"q": "幸福里"},
        {"q": "5678"},
        {"q": "13812345678"},
        {"date_from": "2020-01-01", "date_to": "2030-12-31"},
        {"page": "2"},
        {"page": "abc"},
    ]
    return queries


def test_no_page_fails_for_any_role(generated):
    street = generated
    order_ids = [order.pk for order in street.orders.values()]
    # other apps' pages by id: an id that exists (a unit's, a community's …) and one that does not
    other_ids = [street.units["department"].pk, 999999]
    routes = list(_patterns())
    queries = _filter_queries(street)
    failures: list[str] = []
    visited = 0
    for role, user in street.users.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for route in routes:
            # every order of every kind on its page; the POST-only order routes need one order
            ids = (
                order_ids
                if route == "orders/<int:pk>/"
                else other_ids[:1]
                if route.startswith("orders/")
                else other_ids
            )
            for url in _urls(route, ids):
                _get(client, url, failures, role)
                visited += 1
        # every filter value as each kind of reader (street-wide, leader, unit, community); the
        # other roles share one of these scopes, and their list pages are crawled above
        for query in queries if role in FILTER_ROLES else ():
            _get(client, "/orders/?" + urlencode(query), failures, role)
            visited += 1
        for provider in workbench_tiles.items():
            for tile in provider(user):
                _get(client, tile.url, failures, role)
                visited += 1
    anonymous = Client(raise_request_exception=False)
    for route in routes:
        for url in _urls(route, order_ids[:1]):
            _get(anonymous, url, failures, "anonymous")
    assert visited > 500
    assert not failures, "\n".join(failures)
