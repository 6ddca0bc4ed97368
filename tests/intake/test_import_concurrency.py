"""Import never blocks the desk (issue 9 item 2): while a large import — or its dry run — runs in
a background thread, another dispatcher's saves go through, one after another.

Real thread, real database: on SQLite the test database is copied to a file (WAL, as in
production; an in-memory database shares one cache and locks differently), on PostgreSQL the test
database as it is. The old import held one transaction for a whole dry run (the SQLite write lock
for 200 s on a 30 MB file): no save could finish before it did, so none was seen "during" it.
"""

import sqlite3
import threading
import time

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from jiesu.core.models import Job
from jiesu.intake import jobs
from jiesu.intake.services import import_start
from jiesu.workorders import services
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.states import Status
from tests.factories import DispatcherFactory, WorkOrderFactory
from tests.intake.helpers import order_row, write_csv

ROWS = 200
SAVES_WANTED = 3
TIMEOUT_SECONDS = 300


@pytest.fixture
def file_database(transactional_db, tmp_path):
    """On SQLite, this test's data lives in a database file that every thread opens.

    The in-memory test database is copied to a file; new connections (the job's thread) open the
    file, and this thread gets a new connection to it. The in-memory connection is set aside, not
    closed (closing it would drop the test database), and put back afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "jiesu-test.sqlite3"
    original = connections[DEFAULT_DB_ALIAS]
    original.ensure_connection()
    target = sqlite3.connect(path)
    original.connection.backup(target)
    target.close()
    in_memory = original.settings_dict["NAME"]
    original.settings_dict["NAME"] = str(path)  # the settings every new connection is made from
    replacement = connections.create_connection(DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = replacement
    try:
        yield
    finally:
        replacement.close()
        original.settings_dict["NAME"] = in_memory
        connections[DEFAULT_DB_ALIAS] = original


@pytest.fixture
def paced_import(monkeypatch):
    """The import pauses after each of its first progress reports until this thread has saved.

    Without it the test would depend on the machine's speed (a fast import may finish between two
    polls). The pause is outside the import's transactions: a save that still failed or waited for
    the whole import would fail the test, as the old single-transaction import did."""
    turn = threading.Event()
    turn.is_set_for_good = False
    pauses = []
    real = jobs.job_progress

    def paced(job, *, done, total=None):
        turn.clear()
        real(job, done=done, total=total)
        if total and 0 < done < total and len(pauses) < SAVES_WANTED and not turn.is_set_for_good:
            pauses.append(done)
            turn.wait(60)

    monkeypatch.setattr(jobs, "PROGRESS_EVERY_SECONDS", 0)
    monkeypatch.setattr(jobs, "job_progress", paced)
    return turn


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_other_users_saves_succeed_while_a_large_import_runs(
    settings, file_database, paced_import, tmp_path, place, dry_run
):
    settings.JIESU_BACKGROUND = "thread"
    settings.JIESU_JOB_FILES_DIR = tmp_path / "job-files"
    importer, colleague = DispatcherFactory(username="importer"), DispatcherFactory(username="colleague")
    waiting = [WorkOrderFactory(number=f"DESK{n}") for n in range(20)]
    rows = [order_row(f"BIG{n:05d}", 工单状态="待派单") for n in range(ROWS)]
    path = write_csv(tmp_path / "large.csv", rows)

    with path.open("rb") as upload:
        job = import_start(upload=upload, filename="large.csv", mapping=None, dry_run=dry_run, actor=importer)
    try:
        saved_during_import, waiting = _save_while_importing(job, waiting, colleague, place, paced_import)
    finally:
        paced_import.is_set_for_good = True
        paced_import.set()
        _join_job_thread(job.pk)  # never leave the job running into the next test or the report
        job.refresh_from_db()

    assert job.status == Job.Status.DONE, job.error
    assert saved_during_import >= SAVES_WANTED
    dispatched = WorkOrder.objects.filter(number__startswith="DESK", status=Status.DISPATCHED).count()
    assert dispatched == 20 - len(waiting)
    assert job.result["created"] == ROWS
    assert WorkOrder.objects.filter(number__startswith="BIG").count() == (0 if dry_run else ROWS)


def _save_while_importing(job, waiting, colleague, place, turn):
    saved_during_import = 0
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while waiting and time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            break
        if job.status == Job.Status.RUNNING and 0 < job.done < job.total:
            order = waiting.pop()
            services.workorder_dispatch(
                order_id=order.pk, actor=colleague, lead_unit=place.unit
            )  # never "locked"
            job.refresh_from_db()
            if not job.finished:
                saved_during_import += 1
            turn.set()
        time.sleep(0.05)
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()

    return saved_during_import, waiting


def _join_job_thread(job_id: int) -> None:
    for thread in threading.enumerate():
        if thread.name == f"jiesu-job-{job_id}":
            thread.join(TIMEOUT_SECONDS)
