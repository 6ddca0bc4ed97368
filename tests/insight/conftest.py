"""A hand-built street for the insight tests: two communities, their units and a department."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from jiesu.accounts.models import Role
from tests.factories import CommunityUnitFactory, UnitFactory, UserFactory

BEIJING = ZoneInfo("Asia/Shanghai")
NOW = datetime(2024, 9, 30, 10, tzinfo=BEIJING)


@pytest.fixture
def frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.fixture
def street(db, dispatcher):
    a = CommunityUnitFactory(community__name="御槐园社区")
    b = CommunityUnitFactory(community__name="阳光社区")
    dept = UnitFactory(name="城管执法队")
    return {
        "a": a,
        "b": b,
        "dept": dept,
        "dispatcher": dispatcher,
        "a_worker": UserFactory(username="a_worker", role=Role.COMMUNITY, unit=a),
        "b_worker": UserFactory(username="b_worker", role=Role.COMMUNITY, unit=b),
        "dept_staff": UserFactory(username="dept_staff", role=Role.DEPARTMENT, unit=dept),
        "leader": UserFactory(username="leader", role=Role.LEADER),
    }
