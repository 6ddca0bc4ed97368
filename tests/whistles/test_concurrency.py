"""Two people act on one whistle at the same moment: the whistle's status stays true to its summonses.

Every step locks the whistle row, then the summons, so the second step sees the first one's
result. The races need real row locks and parallel connections: PostgreSQL only.
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection

from jiesu.core.errors import DomainError, TransitionNotAllowed
from jiesu.whistles import services
from jiesu.whistles.models import Summons, Whistle, WhistleEvent
from jiesu.whistles.services import _perform
from jiesu.whistles.states import whistle_status_for
from tests.whistles.conftest import blow

ITERATIONS = 3
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="races need PostgreSQL row locks (SELECT … FOR UPDATE)"
)


def race_test(test):
    return postgres_only(pytest.mark.postgres(pytest.mark.django_db(transaction=True)(test)))


@pytest.fixture
def slow_commit(monkeypatch):
    """Hold each step's transaction open after its checks, so the other step really overlaps it."""
    record = _perform.event_record

    def slow_record(*args, **kwargs):
        time.sleep(0.15)
        return record(*args, **kwargs)

    monkeypatch.setattr(_perform, "event_record", slow_record)


def race(**calls: Callable[[], object]) -> dict[str, object]:
    barrier = threading.Barrier(len(calls))
    outcomes: dict[str, object] = {}

    def run(name: str, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[name] = call()
        except Exception as error:  # every outcome is asserted by the test
            outcomes[name] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a racer hung (deadlock?)"
    return outcomes


def summons(whistle, unit) -> Summons:
    return Summons.objects.get(whistle=whistle, unit=unit)


def assert_consistent(whistle: Whistle) -> None:
    """The stored status follows the summonses, and the events' whistle moves form one chain."""
    whistle.refresh_from_db()
    assert whistle.status == whistle_status_for(list(whistle.summonses.values_list("status", flat=True)))
    chain = ["blown"]
    for event in WhistleEvent.objects.filter(whistle=whistle).order_by("id"):
        if "whistle_status" in event.new:
            assert event.old["whistle_status"] == chain[-1], (event.kind, event.old, chain)
            chain.append(event.new["whistle_status"])
    assert chain[-1] == whistle.status


@race_test
@pytest.mark.parametrize("iteration", range(ITERATIONS))
@pytest.mark.usefixtures("slow_commit")
def test_two_units_check_in_at_once_and_the_whistle_starts_once(street, iteration):
    whistle = blow(street)
    housing, water = summons(whistle, street.housing), summons(whistle, street.water)

    outcomes = race(
        housing=lambda: services.summons_check_in(
            summons_id=housing.pk, actor=street["department"], on_site=True
        ),
        water=lambda: services.summons_check_in(summons_id=water.pk, actor=street["water"], on_site=False),
    )

    assert all(isinstance(outcome, Summons) for outcome in outcomes.values()), outcomes
    starts = WhistleEvent.objects.filter(whistle=whistle, new__has_key="whistle_status")
    assert starts.count() == 1 and starts.get().new["whistle_status"] == "handling"
    assert Whistle.objects.get(pk=whistle.pk).version == whistle.version + 2
    assert_consistent(whistle)


@race_test
@pytest.mark.parametrize("iteration", range(ITERATIONS))
@pytest.mark.usefixtures("slow_commit")
def test_two_members_of_one_unit_check_in_at_once_and_one_is_told(street, iteration):
    whistle = blow(street)
    housing = summons(whistle, street.housing)

    outcomes = race(
        wang=lambda: services.summons_check_in(
            summons_id=housing.pk, actor=street["department"], on_site=True
        ),
        zhao=lambda: services.summons_check_in(
            summons_id=housing.pk, actor=street["department2"], on_site=True
        ),
    )

    errors = [outcome for outcome in outcomes.values() if isinstance(outcome, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], TransitionNotAllowed), outcomes
    assert "当前状态为「已报到」，不能执行「报到」" in errors[0].message
    assert WhistleEvent.objects.filter(summons=housing, kind="check_in").count() == 1


def reported_and_checked_in(street) -> tuple[Whistle, Summons, Summons]:
    """住建委 has reported, the water company has checked in: the whistle is in handling."""
    whistle = blow(street)
    housing, water = summons(whistle, street.housing), summons(whistle, street.water)
    services.summons_check_in(summons_id=housing.pk, actor=street["department"], on_site=True)
    services.summons_check_in(summons_id=water.pk, actor=street["water"], on_site=True)
    services.summons_report(summons_id=housing.pk, actor=street["department"], measures="修", result="好")
    return whistle, housing, water


@race_test
@pytest.mark.parametrize("iteration", range(ITERATIONS))
@pytest.mark.usefixtures("slow_commit")
def test_the_community_confirms_while_another_unit_records_its_result(street, iteration):
    whistle, housing, water = reported_and_checked_in(street)

    outcomes = race(
        confirm=lambda: services.summons_confirm(summons_id=housing.pk, actor=street["community"]),
        report=lambda: services.summons_report(
            summons_id=water.pk, actor=street["water"], measures="关阀", result="止漏"
        ),
    )

    assert all(isinstance(outcome, Summons) for outcome in outcomes.values()), outcomes
    assert_consistent(whistle)
    assert Whistle.objects.get(pk=whistle.pk).status == "confirming"


@race_test
@pytest.mark.parametrize("iteration", range(ITERATIONS))
@pytest.mark.usefixtures("slow_commit")
def test_the_community_sends_back_while_another_unit_records_its_result(street, iteration):
    whistle, housing, water = reported_and_checked_in(street)

    outcomes = race(
        send_back=lambda: services.summons_send_back(
            summons_id=housing.pk, actor=street["community"], reason="仍漏"
        ),
        report=lambda: services.summons_report(
            summons_id=water.pk, actor=street["water"], measures="关阀", result="止漏"
        ),
    )

    assert all(isinstance(outcome, Summons) for outcome in outcomes.values()), outcomes
    assert_consistent(whistle)
    assert Whistle.objects.get(pk=whistle.pk).status == "handling"  # 住建委 works again


@race_test
@pytest.mark.parametrize("iteration", range(ITERATIONS))
@pytest.mark.usefixtures("slow_commit")
def test_the_last_two_results_confirmed_at_once_solve_the_whistle(street, iteration):
    whistle, housing, water = reported_and_checked_in(street)
    services.summons_report(summons_id=water.pk, actor=street["water"], measures="关阀", result="止漏")

    outcomes = race(
        community=lambda: services.summons_confirm(summons_id=housing.pk, actor=street["community"]),
        centre=lambda: services.summons_confirm(summons_id=water.pk, actor=street["dispatcher"]),
    )

    assert not any(isinstance(outcome, DomainError) for outcome in outcomes.values()), outcomes
    assert_consistent(whistle)
    assert Whistle.objects.get(pk=whistle.pk).status == "solved"
