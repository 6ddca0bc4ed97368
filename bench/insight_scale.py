# ruff: noqa: B023  (the lambdas run in the iteration that makes them)
"""Insight at scale: load N orders, build the summaries, time dashboard/stats requests, burst changes.

    .venv/bin/python bench/insight_scale.py --orders 200000
    .venv/bin/python bench/insight_scale.py --orders 1000000 \
        --database-url postgres://postgres@127.0.0.1:5432/jiesu_bench

Uses its own database (default /tmp/jiesu_bench.sqlite3; a PostgreSQL database is created and
dropped here), never db.sqlite3. Prints one JSON object.
"""

import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
BEIJING = ZoneInfo("Asia/Shanghai")


def _prepare_database(url: str, fresh: bool) -> None:
    if url.startswith("sqlite"):
        path = Path(url.split("sqlite:///", 1)[1])
        if fresh and path.exists():
            path.unlink()
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _street():
    from jiesu.accounts.models import Role, User
    from jiesu.places.models import Community, Compound, Street
    from jiesu.units.models import Unit
    from jiesu.workorders.models import Category

    street = Street.objects.create(name="压测街道")
    communities = [Community.objects.create(street=street, name=f"压测{i}社区") for i in range(20)]
    compounds = [
        [Compound.objects.create(community=c, name=f"{c.name}{j}号小区") for j in range(8)]
        for c in communities
    ]
    units = [
        Unit.objects.create(name=f"{c.name}居委会", kind=Unit.Kind.COMMUNITY, community=c)
        for c in communities
    ]
    units += [Unit.objects.create(name=f"部门{i}", kind=Unit.Kind.DEPARTMENT) for i in range(10)]
    leaves = []
    for i in range(6):
        top = Category.objects.create(name=f"大类{i}")
        for j in range(4):
            mid = Category.objects.create(name=f"中类{i}-{j}", parent=top)
            leaves += [Category.objects.create(name=f"小类{i}-{j}-{k}", parent=mid) for k in range(4)]
    users = {
        "leader": User.objects.create(username="b_leader", role=Role.LEADER),
        "dispatcher": User.objects.create(username="b_dispatcher", role=Role.DISPATCHER),
        "community": User.objects.create(username="b_comm", role=Role.COMMUNITY, unit=units[0]),
        "department": User.objects.create(username="b_dept", role=Role.DEPARTMENT, unit=units[20]),
    }
    workers = {u.pk: User.objects.create(username=f"w{u.pk}", role=Role.DEPARTMENT, unit=u) for u in units}
    return communities, compounds, units, leaves, users, workers


def _bench_street():
    """The street of an earlier run (--reuse): the same objects `_street` made."""
    from jiesu.accounts.models import User
    from jiesu.places.models import Community, Compound
    from jiesu.units.models import Unit
    from jiesu.workorders.models import Category

    communities = list(Community.objects.filter(name__startswith="压测").order_by("id"))
    compounds = [list(Compound.objects.filter(community=c).order_by("id")) for c in communities]
    units = list(Unit.objects.order_by("id"))
    leaves = list(Category.objects.filter(name__startswith="小类").order_by("id"))
    names = {
        "leader": "b_leader",
        "dispatcher": "b_dispatcher",
        "community": "b_comm",
        "department": "b_dept",
    }
    users = {role: User.objects.get(username=name) for role, name in names.items()}
    workers = {u.pk: User.objects.get(username=f"w{u.pk}") for u in units}
    return communities, compounds, units, leaves, users, workers


def _load(n: int, communities, compounds, units, leaves, seed: int = 1) -> None:
    """Insert n orders: COPY on PostgreSQL, bulk_create on SQLite (same rows either way)."""
    from django.db import connection

    from jiesu.workorders.models import WorkOrder

    fields = [f for f in WorkOrder._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    copy = connection.vendor == "postgresql"
    if copy:
        connection.ensure_connection()
        columns = ", ".join(f.column for f in fields)
        cursor = connection.connection.cursor()
        writer = cursor.copy(f"COPY {WorkOrder._meta.db_table} ({columns}) FROM STDIN")
        stream = writer.__enter__()
    rng = random.Random(seed)
    start = datetime(2023, 1, 1, tzinfo=BEIJING)
    span = (datetime.now(BEIJING) - start).total_seconds()
    batch = []
    for i in range(n):
        received = start + timedelta(seconds=rng.random() * span)
        c = rng.randrange(20)
        compound = rng.choice(compounds[c]).pk if rng.random() < 0.9 else None
        lead = units[c] if rng.random() < 0.7 else units[20 + rng.randrange(10)]
        age = datetime.now(BEIJING) - received
        done = age > timedelta(days=10) or rng.random() < 0.5
        status = rng.choice(["visited", "closed"]) if done else rng.choice(["new", "dispatched", "accepted"])
        merged = rng.random() < 0.01
        row = dict(
            number=f"B{i:09d}",
            channel=rng.choice(["12345", "12345", "grid", "qr"]),
            received_at=received,
            appeal_type=rng.choice(["help", "complaint", "inquiry"]),
            category_id=rng.choice(leaves).pk,
            content="压测",
            community_id=communities[c].pk,
            compound_id=compound,
            lead_unit_id=None if status == "new" else lead.pk,
            status="merged" if merged else status,
            response_due=received + timedelta(hours=24),
            resolve_due=received + timedelta(days=7),
        )
        if done and not merged:
            row.update(
                responded_at=received + timedelta(hours=rng.choice([2, 6, 30])),
                resolved_at=received + timedelta(days=rng.choice([2, 5, 9])),
                visited_at=received + timedelta(days=10),
                visit_contacted=True,
                visit_resolved=rng.random() < 0.9,
                visit_satisfaction=rng.choice(["satisfied"] * 8 + ["basic", "unsatisfied"]),
            )
        if copy:
            values = {**defaults, "created_at": received, "updated_at": received, **row}
            stream.write_row([values[f.attname] for f in fields])
            continue
        batch.append(WorkOrder(**row))
        if len(batch) == 5000:
            WorkOrder.objects.bulk_create(batch)
            batch = []
    if copy:
        writer.__exit__(None, None, None)
        cursor.close()
        with connection.cursor() as c:
            c.execute(f"ANALYZE {WorkOrder._meta.db_table}")
        return
    WorkOrder.objects.bulk_create(batch)


def _timed(fn, runs: int) -> dict:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
    }


def _burst(changes: int, threads: int, users, workers) -> dict:
    from django.db import connection

    from jiesu.workorders import services as s
    from jiesu.workorders.models import WorkOrder

    open_ids = list(
        WorkOrder.objects.filter(status__in=["new", "dispatched", "accepted"]).values_list("id", flat=True)[
            :5000
        ]
    )
    units = list(workers)
    done, failed = [0], [0]
    lock = threading.Lock()

    def work(seed):
        rng = random.Random(seed)
        for _ in range(changes // threads):
            order = WorkOrder.objects.get(pk=rng.choice(open_ids))
            worker = workers.get(order.lead_unit_id)
            try:
                if order.status == "new":
                    s.workorder_dispatch(
                        order_id=order.pk,
                        actor=users["dispatcher"],
                        lead_unit=workers[rng.choice(units)].unit,
                    )
                elif order.status == "dispatched":
                    rng.choice(
                        [
                            lambda: s.workorder_accept(order_id=order.pk, actor=worker),
                            lambda: s.workorder_return(order_id=order.pk, actor=worker, reason="压测退单"),
                        ]
                    )()
                elif order.status == "accepted":
                    s.workorder_resolve(order_id=order.pk, actor=worker, result="压测办结")
                elif order.status == "returned":
                    s.workorder_dispatch(
                        order_id=order.pk,
                        actor=users["dispatcher"],
                        lead_unit=workers[rng.choice(units)].unit,
                    )
                elif order.status == "resolved":
                    s.workorder_return_visit(
                        order_id=order.pk,
                        actor=users["dispatcher"],
                        contacted=True,
                        resolved=True,
                        satisfaction="satisfied",
                    )
                with lock:
                    done[0] += 1
            except Exception:
                with lock:
                    failed[0] += 1
        connection.close()

    pool = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    t = time.perf_counter()
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    return {
        "changes_ok": done[0],
        "changes_refused_or_locked": failed[0],
        "seconds": round(time.perf_counter() - t, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=200000)
    parser.add_argument("--database-url", default="sqlite:////tmp/jiesu_bench.sqlite3")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--burst", type=int, default=400)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse the orders of a kept run (no load)")
    parser.add_argument("--profile", action="store_true", help="print the leader dashboard's queries, stop")
    args = parser.parse_args()
    if "jiesu_bench" not in args.database_url and not args.database_url.startswith("sqlite:////tmp/"):
        sys.exit("use a dedicated database (its name must contain jiesu_bench)")
    _prepare_database(args.database_url, fresh=not args.reuse)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from jiesu.insight.recount import derived_mismatches, recount_mismatches
    from jiesu.insight.rollup import insight_rebuild, insight_refresh
    from jiesu.insight.selectors import Period, Scope, headline

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    result = {"orders": args.orders, "database": args.database_url.split(":")[0]}
    if args.reuse:
        communities, compounds, units, leaves, users, workers = _bench_street()
    else:
        communities, compounds, units, leaves, users, workers = _street()
        t = time.perf_counter()
        _load(args.orders, communities, compounds, units, leaves)
        result["load_seconds"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    insight_rebuild()
    result["build_summaries_seconds"] = round(time.perf_counter() - t, 1)
    today = datetime.now(BEIJING).date()
    year = f"{today.year - 1}-{today.month:02d}"
    if args.profile:
        _profile(users["leader"], year)
        return
    requests = {}
    for role in ("leader", "community", "department"):
        client = Client()
        client.force_login(users[role])
        requests[f"dashboard_12_months_{role}"] = _timed(
            lambda c=client: c.get("/insight/", {"start": year}), args.runs
        )
        requests[f"dashboard_htmx_month_{role}"] = _timed(
            lambda c=client: c.get("/insight/", {"start": today.strftime("%Y-%m")}, HTTP_HX_REQUEST="true"),
            args.runs,
        )
    period = Period(today.replace(year=today.year - 1, day=1), today)
    requests["stats_year_street"] = _timed(
        lambda: headline(scope=Scope(street_wide=True), period=period), args.runs
    )
    requests["stats_year_community"] = _timed(
        lambda: headline(scope=Scope(street_wide=True, pick_community=communities[3].pk), period=period),
        args.runs,
    )
    result["requests"] = requests
    result["burst"] = _burst(args.burst, args.threads, users, workers)
    t = time.perf_counter()
    insight_refresh()
    result["refresh_after_burst_seconds"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    mismatches = recount_mismatches()
    result["raw_recount_seconds"] = round(time.perf_counter() - t, 1)
    mismatches.update(derived_mismatches())
    result["consistent_with_raw_recount"] = not any(mismatches.values())
    result["mismatched_buckets"] = {k: len(v) for k, v in mismatches.items()}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if not args.database_url.startswith("sqlite") and not args.keep:
        from django.db import connections

        connections.close_all()
        _drop_database(args.database_url)


def _drop_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _profile(user, start: str) -> None:
    """The queries of one street-wide 12-month dashboard, slowest first."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get("/insight/", {"start": start})
    with CaptureQueriesContext(connection) as queries:
        t = time.perf_counter()
        client.get("/insight/", {"start": start})
        total = (time.perf_counter() - t) * 1000
    spent = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    print(f"{len(queries)} queries, {spent:.0f} ms in the database, {total:.0f} ms in all")
    for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:15]:
        print(f"{float(q['time']) * 1000:7.1f} ms  {q['sql'][:220]}")


if __name__ == "__main__":
    main()
