"""Two people act on one ledger item at the same moment: exactly one wins, the other is told.

Real row locks and parallel connections: PostgreSQL only.
"""

import threading
import time
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection

from jiesu.core import steps
from jiesu.core.errors import DomainError, TransitionNotAllowed
from jiesu.evaluation import services
from jiesu.evaluation.models import LedgerEvent, LedgerItem
from tests.evaluation.conftest import photo, point, start_inspection

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races need PostgreSQL row locks"),
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def slow_commit(monkeypatch):
    """Hold the winner's transaction open after its checks, so the loser really overlaps it."""
    record = steps.event_record

    def slow(*args, **kwargs):
        time.sleep(0.15)
        return record(*args, **kwargs)

    monkeypatch.setattr(steps, "event_record", slow)


def race(**calls: Callable[[], LedgerItem]) -> dict[str, object]:
    barrier = threading.Barrier(len(calls))
    outcomes: dict[str, object] = {}

    def run(name: str, call: Callable[[], LedgerItem]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[name] = call()
        except Exception as error:  # every outcome is asserted below
            outcomes[name] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a racer hung"
    return outcomes


def one_winner(outcomes: dict) -> DomainError:
    winners = [o for o in outcomes.values() if isinstance(o, LedgerItem)]
    losers = [o for o in outcomes.values() if not isinstance(o, LedgerItem)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert isinstance(losers[0], DomainError), repr(losers[0])
    return losers[0]


@pytest.mark.parametrize("attempt", range(3))
def test_verify_and_dismiss_at_once(street, indicators, slow_commit, attempt):
    evaluation_round = services.round_create(
        name=f"第{attempt}轮", period_start=date(2024, 4, 1),
        period_end=date(2024, 6, 30), actor=street.user("evaluator"),
    )  # fmt: skip
    item = point(street, start_inspection(street, evaluation_round, street.project_a), street.compound_a)
    outcomes = race(
        verify=lambda: services.ledger_item_verify(item_id=item.pk, actor=street.user("community")),
        dismiss=lambda: services.ledger_item_dismiss(
            item_id=item.pk, actor=street.user("dispatcher"), note="不属实"
        ),
    )
    error = one_winner(outcomes)
    assert isinstance(error, TransitionNotAllowed) and "不能执行" in error.message
    assert LedgerEvent.objects.filter(item=item).count() == 2  # point + the winner's step


def test_two_rectifications_at_once_make_one(street, indicators, slow_commit):
    evaluation_round = services.round_create(
        name="并发轮次", period_start=date(2024, 4, 1),
        period_end=date(2024, 6, 30), actor=street.user("evaluator"),
    )  # fmt: skip
    item = point(street, start_inspection(street, evaluation_round, street.project_a), street.compound_a)
    item = services.ledger_item_verify(item_id=item.pk, actor=street.user("community"))
    version = item.version
    outcomes = race(
        first=lambda: services.ledger_item_rectify(
            item_id=item.pk,
            actor=street.user("property"),
            rectification="甲",
            photos=[photo()],
            expected_version=version,
        ),
        second=lambda: services.ledger_item_rectify(
            item_id=item.pk,
            actor=street.user("property"),
            rectification="乙",
            photos=[photo()],
            expected_version=version,
        ),
    )
    one_winner(outcomes)
    assert LedgerEvent.objects.filter(item=item, kind="rectify").count() == 1
