"""Two people handle one grid matter at the same moment: exactly one handling wins, one order is
made, one event written. Real row locks and parallel connections: PostgreSQL only."""

import threading
import time

import pytest
from django.db import connection

from jiesu.core.errors import DomainError
from jiesu.grid import services
from jiesu.grid.models import GridEvent, GridMatter
from jiesu.workorders.models import WorkOrder

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="races need PostgreSQL row locks (SELECT … FOR UPDATE)"
)


def race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # every outcome is asserted by the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a racer hung (deadlock?)"
    return outcomes


@pytest.fixture
def slow_events(monkeypatch):
    """Hold each handling's transaction open after its checks, so the other really overlaps it."""
    record = services.event_record

    def slow(*args, **kwargs):
        time.sleep(0.15)
        return record(*args, **kwargs)

    monkeypatch.setattr(services, "event_record", slow)


@postgres_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_escalations_of_one_matter_make_one_order(grid, slow_events):
    matter = services.matter_record(
        actor=grid.grid_user, reporter_id=grid.member.pk, tier="major", title="漏雨"
    )
    outcomes = race(
        lambda: services.matter_escalate(actor=grid.grid_user, matter_id=matter.pk),
        lambda: services.matter_escalate(actor=grid.community_user, matter_id=matter.pk),
    )
    assert sum(isinstance(o, GridMatter) for o in outcomes) == 1
    assert sum(isinstance(o, DomainError) for o in outcomes) == 1
    assert WorkOrder.objects.count() == 1
    assert GridEvent.objects.filter(matter=matter, kind="escalate_community").count() == 1
    assert GridMatter.objects.get(pk=matter.pk).order == WorkOrder.objects.get()


@postgres_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_settle_and_retier_race_leaves_one_consistent_story(grid, slow_events):
    matter = services.matter_record(
        actor=grid.grid_user, reporter_id=grid.member.pk, tier="minor", title="杂物"
    )
    race(
        lambda: services.matter_settle(actor=grid.grid_user, matter_id=matter.pk, note="清理了"),
        lambda: services.matter_retier(
            actor=grid.community_user, matter_id=matter.pk, tier="major", note="多户"
        ),
    )
    matter.refresh_from_db()
    kinds = list(GridEvent.objects.filter(matter=matter).order_by("id").values_list("kind", flat=True))
    assert matter.version == len(kinds) - 1  # one version per handling step after recording
    if matter.status == "settled":
        assert kinds == ["recorded", "settle"] and matter.tier == "minor"
    else:
        assert kinds == ["recorded", "retier"] and matter.tier == "major" and matter.status == "open"
