"""Two people act on one order at the same moment: exactly one wins, the other is told clearly.

The races need real row locks and real parallel connections, so they run on PostgreSQL only.
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection

from jiesu.core.errors import ConcurrentChange, DomainError, TransitionNotAllowed
from jiesu.workorders import services
from jiesu.workorders.models import EventKind, WorkOrder
from jiesu.workorders.services import _perform
from jiesu.workorders.states import Status
from tests.factories import DispatcherFactory, UnitFactory, UserFactory, WorkOrderFactory

ITERATIONS = 5
CHANGED_BY_SOMEONE_ELSE = "该工单已被他人修改，请刷新后重试。"

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="races need PostgreSQL: SQLite has no row locks (SELECT … FOR UPDATE) and serialises all writers",
)


def race_test(test):
    """A race: PostgreSQL only, and committed for real so that other connections see the data."""
    return postgres_only(pytest.mark.postgres(pytest.mark.django_db(transaction=True)(test)))


@pytest.fixture
def slow_commit(monkeypatch):
    """Hold each winner's transaction open a moment after its checks, so the loser really overlaps it.

    Without the row lock both would read the old state in that window and both would succeed.
    """
    write = _perform.event_write

    def slow_write(**kwargs):
        time.sleep(0.15)
        return write(**kwargs)

    monkeypatch.setattr(_perform, "event_write", slow_write)


def race(**calls: Callable[[], WorkOrder]) -> dict[str, object]:
    """Start every call at the same moment, each in its own thread and connection; name → result or error."""
    barrier = threading.Barrier(len(calls))
    outcomes: dict[str, object] = {}

    def run(name: str, call: Callable[[], WorkOrder]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[name] = call()
        except Exception as error:  # every outcome is asserted by the test
            outcomes[name] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(name, call)) for name, call in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a racer hung (deadlock?)"
    return outcomes


def split(outcomes: dict[str, object]) -> tuple[str, str, DomainError]:
    """(winner, loser, the loser's error); fails unless exactly one succeeded."""
    winners = [name for name, outcome in outcomes.items() if isinstance(outcome, WorkOrder)]
    losers = [name for name, outcome in outcomes.items() if not isinstance(outcome, WorkOrder)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    error = outcomes[losers[0]]
    assert isinstance(error, DomainError), repr(error)
    return winners[0], losers[0], error


@pytest.fixture
def people(db):
    unit = UnitFactory(name="城管执法队")
    return {
        "dispatcher": DispatcherFactory(username="dispatcher"),
        "unit": unit,
        "other_unit": UnitFactory(name="房管所"),
        "wang": UserFactory(username="wang", unit=unit),
        "li": UserFactory(username="li", unit=unit),
    }


def dispatched(people) -> WorkOrder:
    order = WorkOrderFactory()
    services.workorder_dispatch(order_id=order.pk, actor=people["dispatcher"], lead_unit=people["unit"])
    return WorkOrder.objects.get(pk=order.pk)


def new_events(order: WorkOrder, after: int) -> list[tuple[str, str]]:
    return list(order.events.filter(pk__gt=after).order_by("id").values_list("kind", "actor__username"))


@race_test
@pytest.mark.parametrize("iteration", range(ITERATIONS))
@pytest.mark.usefixtures("slow_commit")
def test_two_members_accept_at_once_and_one_is_told_it_is_already_accepted(people, iteration):
    # given an order waiting for 城管执法队 to accept
    order = dispatched(people)
    last_event = order.events.latest("id").pk

    # when 王 and 李 of that unit press 签收 at the same moment
    outcomes = race(
        wang=lambda: services.workorder_accept(order_id=order.pk, actor=people["wang"]),
        li=lambda: services.workorder_accept(order_id=order.pk, actor=people["li"]),
    )

    # then one accepted it, the other learns it is already in handling, and the timeline shows one 签收
    winner, _, error = split(outcomes)
    assert isinstance(error, TransitionNotAllowed)
    assert error.message == "工单当前状态为「办理中」，不能执行「签收」。"
    after = WorkOrder.objects.get(pk=order.pk)
    assert (after.status, after.version) == (Status.ACCEPTED, order.version + 1)
    assert new_events(order, last_event) == [(EventKind.ACCEPTED, winner)]


@race_test
@pytest.mark.parametrize("iteration", range(ITERATIONS))
@pytest.mark.usefixtures("slow_commit")
def test_two_members_return_at_once_and_one_is_told_it_is_already_returned(people, iteration):
    order = dispatched(people)
    last_event = order.events.latest("id").pk

    outcomes = race(
        wang=lambda: services.workorder_return(order_id=order.pk, actor=people["wang"], reason="不归我们管"),
        li=lambda: services.workorder_return(order_id=order.pk, actor=people["li"], reason="应由房管所办理"),
    )

    winner, _, error = split(outcomes)
    assert isinstance(error, TransitionNotAllowed)
    assert error.message == "工单当前状态为「已退单」，不能执行「退单」。"
    after = WorkOrder.objects.get(pk=order.pk)
    assert (after.status, after.lead_unit, after.version) == (Status.RETURNED, None, order.version + 1)
    assert new_events(order, last_event) == [(EventKind.RETURNED, winner)]


@race_test
@pytest.mark.parametrize("iteration", range(ITERATIONS))
@pytest.mark.usefixtures("slow_commit")
def test_a_member_accepts_while_the_dispatcher_reassigns_and_one_must_refresh(people, iteration):
    # given both opened the order at the same version
    order = dispatched(people)
    last_event = order.events.latest("id").pk
    seen = order.version

    # when 王 accepts and the dispatcher reassigns to 房管所 at the same moment
    outcomes = race(
        wang=lambda: services.workorder_accept(
            order_id=order.pk, actor=people["wang"], expected_version=seen
        ),
        dispatcher=lambda: services.workorder_reassign(
            order_id=order.pk,
            actor=people["dispatcher"],
            lead_unit=people["other_unit"],
            note="属房管所职责",
            expected_version=seen,
        ),
    )

    # then exactly one change went through, and the other is asked to refresh
    winner, _, error = split(outcomes)
    assert isinstance(error, ConcurrentChange)
    assert error.message == CHANGED_BY_SOMEONE_ELSE
    after = WorkOrder.objects.get(pk=order.pk)
    assert after.version == seen + 1
    if winner == "wang":
        assert (after.status, after.lead_unit) == (Status.ACCEPTED, people["unit"])
        assert new_events(order, last_event) == [(EventKind.ACCEPTED, "wang")]
    else:
        assert (after.status, after.lead_unit) == (Status.DISPATCHED, people["other_unit"])
        assert new_events(order, last_event) == [(EventKind.REASSIGNED, "dispatcher")]


@race_test
@pytest.mark.parametrize("iteration", range(ITERATIONS))
@pytest.mark.usefixtures("slow_commit")
def test_two_dispatchers_merge_the_same_duplicate_into_different_masters(people, iteration):
    # given one duplicate and two candidate masters
    duplicate, first, second = WorkOrderFactory(), WorkOrderFactory(), WorkOrderFactory()
    other_dispatcher = DispatcherFactory(username=f"dispatcher-{iteration}")

    # when each dispatcher merges it into a different master at the same moment (locks in pk order: no deadlock)
    outcomes = race(
        one=lambda: services.workorder_merge(
            order_id=duplicate.pk, master_id=first.pk, actor=people["dispatcher"]
        ),
        two=lambda: services.workorder_merge(
            order_id=duplicate.pk, master_id=second.pk, actor=other_dispatcher
        ),
    )

    # then it is merged into exactly one of them, and only that master records it
    winner, _, error = split(outcomes)
    assert isinstance(error, TransitionNotAllowed)
    assert error.message == "工单当前状态为「已并单」，不能执行「并单」。"
    master = first if winner == "one" else second
    spare = second if winner == "one" else first
    after = WorkOrder.objects.get(pk=duplicate.pk)
    assert (after.status, after.master_id, after.version) == (Status.MERGED, master.pk, 2)
    assert list(duplicate.events.values_list("kind", flat=True)) == [EventKind.MERGED]
    assert list(master.events.values_list("kind", flat=True)) == [EventKind.MERGED_IN]
    assert spare.events.count() == 0
    assert WorkOrder.objects.get(pk=spare.pk).version == 1


# --- expected_version without threads: runs on every database ------------------------------------


@pytest.mark.django_db
def test_the_second_of_two_users_who_loaded_version_1_must_refresh(people):
    # given two dispatchers both opened a new order at version 1
    order = WorkOrderFactory()
    colleague = DispatcherFactory(username="colleague")
    assert order.version == 1

    # when the first dispatches it to 城管执法队 and the second then submits a dispatch to 房管所
    services.workorder_dispatch(
        order_id=order.pk, actor=people["dispatcher"], lead_unit=people["unit"], expected_version=1
    )
    with pytest.raises(ConcurrentChange) as refusal:
        services.workorder_dispatch(
            order_id=order.pk, actor=colleague, lead_unit=people["other_unit"], expected_version=1
        )

    # then the second is asked to refresh and the first dispatch stands alone on the timeline
    assert refusal.value.message == CHANGED_BY_SOMEONE_ELSE
    after = WorkOrder.objects.get(pk=order.pk)
    assert (after.status, after.lead_unit, after.version) == (Status.DISPATCHED, people["unit"], 2)
    assert list(after.events.values_list("kind", "actor__username")) == [(EventKind.DISPATCHED, "dispatcher")]


@pytest.mark.django_db
def test_a_stale_version_is_refused_even_for_an_action_that_would_be_allowed(people):
    order = dispatched(people)  # version 2
    services.workorder_add_note(
        order_id=order.pk, actor=people["dispatcher"], note="已电话联系单位"
    )  # version 3

    with pytest.raises(ConcurrentChange):
        services.workorder_accept(order_id=order.pk, actor=people["wang"], expected_version=2)

    services.workorder_accept(order_id=order.pk, actor=people["wang"], expected_version=3)
    assert WorkOrder.objects.get(pk=order.pk).version == 4
