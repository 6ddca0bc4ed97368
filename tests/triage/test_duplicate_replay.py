"""`jiesu triage duplicates-replay`: the running finder replayed over the street's own orders,
scored against its 并单 decisions."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from jiesu.accounts.models import Role
from jiesu.core.models import Job
from jiesu.triage.duplicate_replay import duplicates_replay
from jiesu.triage.jobs import REPLAY_DAYS, REPLAY_KIND
from jiesu.workorders import services
from tests.factories import DispatcherFactory, UserFactory

LIFT = "阳光星苑3号楼电梯坏了，老人下不了楼"


def _order(content: str, at):
    return services.workorder_create(actor=None, content=content, received_at=at)


@pytest.fixture
def history(db):
    now = timezone.now()
    _order("槐林路路灯不亮，晚上走路看不见", now - timedelta(days=40))  # before the window: a candidate only
    first = _order(LIFT, now - timedelta(days=5))
    repeat = _order(f"{LIFT}，请尽快修", now - timedelta(days=4))
    _order("小区门口垃圾桶满了没人清理", now - timedelta(days=3))
    services.workorder_merge(order_id=repeat.pk, master_id=first.pk, actor=None, note="重复")
    # reported after the repeat was merged: the merged order has left the index by then
    _order(LIFT, timezone.now())
    return timezone.now()


def test_a_merge_the_finder_proposed_first_counts_for_recall_an_unmerged_proposal_against_precision(history):
    result = duplicates_replay(days=30, until=history + timedelta(hours=1))

    assert result["orders_replayed"] == 4  # the order of 40 days ago is only a candidate
    assert result["orders_indexed"] == 5
    assert result["merged_orders"] == 1
    assert result["orders_with_earlier_duplicate"] == 1
    assert result["recall"] == 1.0  # the repeat's best proposal was the order it was merged into
    # the last report also got a proposal, but nobody merged it: a lower bound counts it wrong
    assert result["orders_proposed"] == 2
    assert result["precision"] == 0.5


def test_a_merged_order_leaves_the_index_when_it_was_merged(history):
    result = duplicates_replay(days=30, until=history + timedelta(hours=1))

    # the last report is proposed the first order only: the merged repeat had left the index
    # (with it, the last report would have two proposals and pair precision 1/3)
    assert result["pair_precision"] == 0.5


def test_the_command_prints_the_replay_as_json(history):
    out = StringIO()

    call_command("triage", "duplicates-replay", "--days", "30", stdout=out)

    result = json.loads(out.getvalue())
    assert result["days"] == 30
    assert result["threshold"] == 0.42
    assert result["merged_orders"] == 1


@pytest.mark.parametrize("days", ["0", "-5", "100000000"])
def test_the_command_refuses_a_window_it_cannot_replay_with_a_clear_message(db, days):
    # 0 or fewer days is an empty window; a hundred million days is before year 1 (OverflowError)
    with pytest.raises(CommandError, match="重放天数须在 1 到 3660 之间"):
        call_command("triage", "duplicates-replay", "--days", days)


def test_the_centre_admin_checks_the_proposals_from_triage_and_everyone_at_triage_sees_the_result(
    history, client, django_capture_on_commit_callbacks
):
    admin = UserFactory(role=Role.CENTRE_ADMIN)
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("triage_duplicates_check"))
    page = client.get(response["Location"]).content.decode()

    job = Job.objects.get(kind=REPLAY_KIND)
    assert job.status == Job.Status.DONE and job.result["merged_orders"] == 1
    assert 'id="replay-result"' in page and 'data-figure="recall"' in page
    # the button says what it will replay and how long the last run took
    assert f"在后台重放近 {REPLAY_DAYS} 天的工单，上次用时" in page
    client.force_login(DispatcherFactory())
    later = client.get(reverse("triage_overview")).content.decode()
    assert 'id="replay-result"' in later  # the last result stays on the page
    assert "核验重复提示</button>" not in later  # a dispatcher does not start it


def test_a_dispatcher_may_not_start_the_check(db, client):
    client.force_login(DispatcherFactory())

    response = client.post(reverse("triage_duplicates_check"))

    assert response.status_code == 403
    assert not Job.objects.filter(kind=REPLAY_KIND).exists()


def test_the_replay_moves_its_job_progress_bar(
    history, client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("jiesu.triage.duplicate_replay.PROGRESS_EVERY", 2)
    client.force_login(UserFactory(role=Role.CENTRE_ADMIN))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("triage_duplicates_check"))

    job = Job.objects.get(kind=REPLAY_KIND)
    assert (job.done, job.total) == (5, 5)  # every order read, the 40-day-old candidate included


def test_a_second_click_while_a_replay_runs_follows_that_one(db, client):
    client.force_login(UserFactory(role=Role.CENTRE_ADMIN))

    first = client.post(reverse("triage_duplicates_check"))  # not run: no commit in this test
    second = client.post(reverse("triage_duplicates_check"))

    job = Job.objects.get(kind=REPLAY_KIND)
    assert first["Location"] == second["Location"] == f"{reverse('triage_overview')}?job={job.pk}#duplicates"


def test_a_replay_left_running_for_over_an_hour_does_not_block_a_new_one(db, client):
    client.force_login(UserFactory(role=Role.CENTRE_ADMIN))
    client.post(reverse("triage_duplicates_check"))
    lost = Job.objects.get(kind=REPLAY_KIND)
    Job.objects.filter(pk=lost.pk).update(
        status=Job.Status.RUNNING, created_at=timezone.now() - timedelta(hours=2)
    )

    response = client.post(reverse("triage_duplicates_check"))

    fresh = Job.objects.filter(kind=REPLAY_KIND).exclude(pk=lost.pk).get()
    assert response["Location"].endswith(f"?job={fresh.pk}#duplicates")
