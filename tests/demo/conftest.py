"""Shared demo data for the pure tests: built once per session, never written to a database."""

from datetime import date

import pytest

from jiesu.core.calendar import WorkCalendar
from jiesu.demo.calls import Calls
from jiesu.demo.generator import calls_between, generate
from jiesu.demo.lifecycle import Ids
from jiesu.demo.street import build_street

UNTIL = date(2026, 11, 26)
RECENT_FROM = date(2026, 10, 1)


@pytest.fixture(scope="session")
def plan():
    return build_street()


@pytest.fixture(scope="session")
def ids(plan):
    return Ids.sequential(plan)


@pytest.fixture(scope="session")
def all_calls(plan):
    """Every call from 2023-01-01 to the demo's now on 2026-11-26 (no lifecycles: fast)."""
    return calls_between(Calls(plan, 2024, WorkCalendar()), start=date(2023, 1, 1), until=UNTIL)


@pytest.fixture(scope="session")
def recent(plan, ids):
    """The full rows (orders with their events) for the last two months."""
    return generate(plan, ids, seed=2024, start=RECENT_FROM, until=UNTIL)
