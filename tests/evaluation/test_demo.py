"""The evaluation's part of the demo: every step through the real services, consistent up to "now"."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from jiesu.core.extensions import DemoContext, demo_seeders
from jiesu.evaluation.demo import evaluation_demo_seed
from jiesu.evaluation.models import Inspection, LedgerEvent, LedgerItem, Round
from jiesu.evaluation.states import LedgerStatus

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 11, 20, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


def context(seed: int = 2024) -> DemoContext:
    return DemoContext(seed=seed, now=NOW, start=date(2023, 1, 1), until=NOW.date(), password="x")


def fingerprint() -> list:
    return list(
        LedgerItem.objects.order_by("pk").values_list(
            "round__name", "project__name", "description", "severity", "status", "pointed_at", "rectified_at"
        )
    )


def test_the_demo_evaluates_every_project_every_quarter_and_walks_the_ledger(street):
    assert "evaluation" in demo_seeders
    summary = evaluation_demo_seed(context())
    assert summary.startswith("物业考评：8 个考评轮次")
    rounds = list(Round.objects.order_by("period_start"))
    assert rounds[0].name == "2023年第一季度" and rounds[-1].name == "2024年第四季度"
    assert [r.status for r in rounds] == ["closed"] * 7 + ["open"]
    assert Inspection.objects.filter(round__in=rounds[:7], status="submitted").count() == 7 * 3

    statuses = set(LedgerItem.objects.values_list("status", flat=True))
    assert {LedgerStatus.CLOSED, LedgerStatus.RECTIFYING, LedgerStatus.RECTIFIED} <= statuses
    assert (
        LedgerItem.objects.filter(reopen_count__gt=0).exists()
        and LedgerItem.objects.filter(late=True).exists()
    )
    assert LedgerItem.objects.filter(status="rectifying", rectify_due__lt=NOW).exists()  # overdue at "now"

    # every item's events tell its story in order, all before "now", and end in its status
    for item in LedgerItem.objects.prefetch_related("events"):
        events = list(item.events.order_by("at", "id"))
        assert events[0].kind == "point" and all(e.at <= NOW for e in events)
        moves = [e.new["status"] for e in events if "status" in e.new]
        assert moves[-1] == item.status
        if item.status == "rectifying" and item.rectify_due < NOW:
            assert events[-1].kind == "escalate" and events[-1].actor is None
    assert not LedgerEvent.objects.filter(at__gt=NOW).exists()


def test_the_demo_is_the_same_for_the_same_seed(street):
    with transaction.atomic():
        evaluation_demo_seed(context())
        first = fingerprint()
        transaction.set_rollback(True)
    with transaction.atomic():
        evaluation_demo_seed(context())
        assert [row[1:] for row in fingerprint()] == [row[1:] for row in first]
        transaction.set_rollback(True)
    evaluation_demo_seed(context(seed=7))
    assert [row[1:] for row in fingerprint()] != [row[1:] for row in first]
