"""Latency of the whole triage step (triage_order) on PostgreSQL with N existing orders; JSON.

Creates the database jiesu_bench_triage, migrates it, loads the demo street's places and units,
bulk-inserts --orders synthetic orders spread over three years (COPY-speed batches of 20,000),
one routing rule per top-level category, trains and activates a category model on the most
recent finished orders (each leaf category has its own phrases, so the model is a real one and
its prediction — segmentation included — is in the timed path), then creates --samples new
orders through workorder_create and times triage_order on each (category, place, urgency, the
duplicate search — the running DuplicateFinder over the last 90 days and open orders —, routing,
storing the result). Orders older than 30 days are finished (as on a real street). The timed
call is the order's first triage: triage's `order_registered` subscriber is held back while the
bench registers the order. Drops the database at the end (--keep to keep it).

--reuse keeps the loaded and trained database as a PostgreSQL template
(jiesu_bench_triage_tpl_<orders>_s<seed>_t<train-samples>) and clones it for each run
(CREATE DATABASE ... TEMPLATE), so every run starts from the same state without paying the load
again (667 s at 1,000,000). The template's order dates are relative to the day it was loaded.
Drop it with `psql -c 'DROP DATABASE jiesu_bench_triage_tpl_...'`.

    .venv/bin/python bench/triage_latency.py --orders 100000
    .venv/bin/python bench/triage_latency.py --orders 1000000 --reuse
"""

import argparse
import cProfile
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "jiesu_bench_triage"
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def _psql(sql: str) -> str:
    done = subprocess.run(["psql", f"{SERVER}/postgres", "-qAtc", sql], check=True, capture_output=True)
    return done.stdout.decode().strip()


def _exists(name: str) -> bool:
    return _psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"


def setup_django(name: str) -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def switch_database(name: str) -> None:
    """Point Django's connection at another database of the same server (the clone)."""
    from django.db import connections

    connections.close_all()
    connections["default"].settings_dict["NAME"] = name


def load_street() -> None:
    from jiesu.demo.street import build_street
    from jiesu.places.models import Building, Community, Compound, Street
    from jiesu.units.models import Unit

    plan = build_street()
    street = Street.objects.create(name=plan.name, code=plan.code)
    communities = {
        c.name: Community.objects.create(street=street, name=c.name, kind=c.kind, aliases=list(c.aliases))
        for c in plan.communities
    }
    units = {}
    for spec in plan.units:
        units[spec.name] = Unit.objects.create(
            name=spec.name,
            kind=spec.kind,
            parent=units.get(spec.parent),
            community=communities.get(spec.community),
            aliases=list(spec.aliases),
        )
    for spec in plan.compounds:
        compound = Compound.objects.create(
            community=communities[spec.community],
            name=spec.name,
            kind=spec.kind,
            aliases=list(spec.aliases),
            property_project=units.get(spec.project),
        )
        Building.objects.bulk_create([Building(compound=compound, number=n) for n, _ in spec.buildings])


def load_orders(n: int, rng: random.Random) -> None:
    from django.utils import timezone

    from jiesu.places.models import Building, Compound
    from jiesu.triage.models import RoutingRule
    from jiesu.units.models import Unit
    from jiesu.workorders.models import Category, WorkOrder

    tops = [Category.objects.create(name=name) for name in ("城乡建设", "市场监管", "公共安全", "民生服务")]
    leaves = [
        Category.objects.create(name=f"{top.name}问题{i}", parent=top) for top in tops for i in range(12)
    ]
    RoutingRule.objects.create(name="物业", category=tops[0], has_property="yes", target="property_project")
    RoutingRule.objects.create(name="兜底", target="community_unit", priority=-1)
    compounds = list(Compound.objects.all())
    buildings = {}
    for b in Building.objects.all():
        buildings.setdefault(b.compound_id, []).append(b)
    units = list(Unit.objects.all())
    now = timezone.now()
    batch, size = [], 20_000
    words = ("楼道灯", "垃圾", "暖气", "楼上", "停车", "噪音", "电梯", "井盖", "路面", "树木", "水管", "门禁")
    faults = (
        "坏了",
        "没人管",
        "漏水",
        "太吵",
        "乱收费",
        "不热",
        "堵了",
        "缺失",
        "破损",
        "倒了",
        "异味",
        "失灵",
    )
    phrases = {
        leaf.pk: [f"{words[j % 12]}{faults[(j * 5 + k) % 12]}" for k in range(3)]
        for j, leaf in enumerate(leaves)
    }
    recent = now - timedelta(days=30)
    for i in range(n):
        compound = rng.choice(compounds)
        building = rng.choice(buildings.get(compound.pk) or [None])
        received = now - timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60))
        leaf = rng.choice(leaves)
        open_states = ("closed", "visited", "accepted", "new") if received > recent else ("closed", "visited")
        batch.append(
            WorkOrder(
                number=f"B{i:08d}",
                received_at=received,
                category=leaf,
                title=rng.choice(phrases[leaf.pk]),
                content=f"{compound.name}{rng.choice(phrases[leaf.pk])}，{rng.randint(1, 999)}",
                address_text=compound.name,
                community_id=compound.community_id,
                compound=compound,
                building=building,
                status=rng.choice(open_states),
                lead_unit=rng.choice(units),
                resolve_due=received + timedelta(days=7),
            )
        )
        if len(batch) == size:
            WorkOrder.objects.bulk_create(batch)
            batch = []
    WorkOrder.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE workorders_workorder")  # as autovacuum leaves a live table


def places_and_leaves() -> tuple[list, list]:
    """What the samples are drawn from: apartment compounds with their buildings, leaf categories."""
    from jiesu.places.models import Building, Compound
    from jiesu.workorders.models import Category

    buildings = {}
    for b in Building.objects.order_by("id"):
        buildings.setdefault(b.compound_id, []).append(b)
    compounds = Compound.objects.filter(kind="apartment").order_by("id")
    leaves = list(Category.objects.filter(parent__isnull=False).order_by("id"))
    return [(c, buildings.get(c.pk) or []) for c in compounds], leaves


STEPS: dict[str, float] = {}  # median milliseconds per triage step, from TriageResult.timings
STEPS_P99: dict[str, float] = {}
QUERIES: dict[str, list] = {}  # --queries: SQL shape -> [count, total ms] over the timed triages


def _shape(sql: str) -> str:
    """A query's shape: its first words up to the WHERE's values, enough to tell queries apart."""
    import re

    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)[:160]


class _QueryTimer:
    """connection.execute_wrapper: counts and times every statement triage_order sends."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            entry = QUERIES.setdefault(_shape(sql), [0, 0.0])
            entry[0] += 1
            entry[1] += (time.perf_counter() - started) * 1000
            self.count += 1


def train(samples: int):
    """A real classifier, trained like the demo's (quick settings), made active."""
    from jiesu.triage.demo import DEMO_PARAMS
    from jiesu.triage.services import model_train

    return model_train(max_samples=samples, params=DEMO_PARAMS, note="bench")


def measure(
    samples: int, places: list, leaves: list, rng: random.Random, queries: bool = False, profiler=None
) -> tuple[list, list, list]:
    """Wall and CPU (process time) milliseconds of each order's first triage, and (with
    `queries`) the number of statements each sent."""
    from contextlib import nullcontext

    from django.db import connection

    from jiesu.triage.services import triage_order
    from jiesu.workorders import services
    from jiesu.workorders.hooks import order_registered

    others = [key for key, _ in order_registered.keyed() if key != "triage"]
    times, cpu, counts, steps = [], [], [], {}
    for i in range(samples):
        compound, blds = rng.choice(places)
        number = rng.choice(blds).number if blds else "1"
        with order_registered.only(*others):  # the timed call below is the order's first triage
            order = services.workorder_create(
                actor=None,
                content=f"{compound.name}{number}号楼楼道灯坏了，晚上很黑，请尽快维修 {i}",
                address_text=f"{compound.name}小区{number}号楼",
                category=rng.choice(leaves) if i % 2 else None,
            )
        timer = _QueryTimer()
        with connection.execute_wrapper(timer) if queries else nullcontext():
            started, started_cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            result = triage_order(order_id=order.pk)
            if profiler:
                profiler.disable()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        counts.append(timer.count)
        for step, ms in (result.timings if result else {}).items():
            steps.setdefault(step, []).append(ms)
        # reading the order, writing the result, the commit: the wall time outside the steps
        steps.setdefault("outside_steps", []).append(round(times[-1] - result.timings["total"], 2))
    STEPS.clear()
    STEPS.update({step: round(statistics.median(values), 2) for step, values in steps.items()})
    STEPS_P99.clear()
    STEPS_P99.update({step: _percentiles(values, "")["p99_ms"] for step, values in steps.items()})
    return times, cpu, counts


def _percentiles(values: list[float], prefix: str) -> dict:
    values = sorted(values)
    pick = lambda q: round(values[min(len(values) - 1, int(q * len(values)))], 2)  # noqa: E731
    return {f"{prefix}p50_ms": pick(0.5), f"{prefix}p95_ms": pick(0.95), f"{prefix}p99_ms": pick(0.99)}


def _query_report(counts: list[int], samples: int) -> dict:
    ranked = sorted(QUERIES.items(), key=lambda item: -item[1][1])
    return {
        "statements_per_triage_median": statistics.median(counts),
        "statements_per_triage_max": max(counts),
        "sql_by_total_ms_per_triage": [
            {"sql": sql, "per_triage": round(n / samples, 2), "ms_per_triage": round(ms / samples, 3)}
            for sql, (n, ms) in ranked
        ],
    }


def finder_costs(n: int = 200) -> dict:
    """CPU milliseconds (median) of the core DuplicateFinder calls on the process's live index,
    for the bench's own newest orders (the ones it just registered and triaged)."""
    from jiesu.triage import duplicates
    from jiesu.workorders.models import WorkOrder

    finder = duplicates._state["finder"]
    from django.utils import timezone

    just_now = timezone.now() - timedelta(minutes=30)  # the loaded orders are an hour old or more
    rows = WorkOrder.objects.filter(received_at__gte=just_now).order_by("-id").values(*duplicates.FIELDS)
    queries = [duplicates.order_text(row) for row in rows[:n]]
    costs = {}
    for name, call in (
        ("similarities", lambda q: finder.similarities(q.text)),
        ("find", lambda q: finder.find(q, limit=10)),
        ("add", lambda q: finder.add([q])),  # re-adding costs what adding does
    ):
        times = []
        for query in queries:
            started = time.process_time()
            call(query)
            times.append((time.process_time() - started) * 1000)
        costs[f"{name}_cpu_ms_median"] = round(statistics.median(times), 2)
    return {"index_orders": len(finder), **costs}


def _template_name(args) -> str:
    return f"{DB}_tpl_{args.orders}_s{args.seed}_t{args.train_samples}"


def prepare(args, rng: random.Random) -> dict:
    """Create (or clone from the kept template) the loaded, trained database; Django points at it."""
    template = _template_name(args) if args.reuse else None
    _psql(f"DROP DATABASE IF EXISTS {args.db}")
    info = {
        "database": args.db,
        "template": template,
        "reused_template": bool(template and _exists(template)),
    }
    if info["reused_template"]:
        from django.db import connections

        setup_django(template)  # the kept template follows the code's migrations (indexes included)
        connections.close_all()
        _psql(f"CREATE DATABASE {args.db} TEMPLATE {template}")
        switch_database(args.db)
        info.update(load_seconds=None, train_seconds=None)
        return info
    target = template or args.db
    _psql(f"CREATE DATABASE {target}")
    try:
        setup_django(target)
        load_street()
        started = time.perf_counter()
        load_orders(args.orders, rng)
        info["load_seconds"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        train(args.train_samples)
        info["train_seconds"] = round(time.perf_counter() - started, 1)
    except BaseException:
        if template:
            _psql(f"DROP DATABASE IF EXISTS {template}")  # never keep a half-loaded template
        raise
    if template:
        from django.db import connections

        connections.close_all()
        _psql(f"CREATE DATABASE {args.db} TEMPLATE {template}")
        switch_database(args.db)
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--db", default=DB, help="the database the run uses (dropped unless --keep)")
    parser.add_argument("--keep", action="store_true", help="keep the run's database")
    parser.add_argument("--reuse", action="store_true", help="load once into a kept template, clone it")
    parser.add_argument("--train-samples", type=int, default=20_000)
    parser.add_argument("--queries", action="store_true", help="count and time triage's SQL statements")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the timed triages into FILE (pstats)")
    parser.add_argument(
        "--finder-costs", action="store_true", help="after the samples, time the core finder's calls"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    try:
        info = prepare(args, rng)
        places, leaves = places_and_leaves()
        sample_rng = random.Random(args.seed + 1)
        started = time.perf_counter()
        measure(20, places, leaves, sample_rng)  # warm caches (gazetteer, rules, model, duplicate index)
        warm_s = time.perf_counter() - started
        profiler = cProfile.Profile() if args.profile else None
        times, cpu, counts = measure(args.samples, places, leaves, sample_rng, args.queries, profiler)
        if profiler:
            profiler.dump_stats(args.profile)
        from jiesu.triage.models import ModelVersion
        from jiesu.workorders.models import WorkOrder

        version = ModelVersion.objects.get(is_active=True)
        print(
            json.dumps(
                {
                    "orders": args.orders,
                    "orders_in_database": WorkOrder.objects.count(),
                    "samples": args.samples,
                    **info,
                    "warm_up_seconds_20_orders_incl_index_build": round(warm_s, 1),
                    "model": version.version,
                    "model_trained_on": version.trained_on,
                    "model_active": True,
                    "load_average": [round(x, 2) for x in os.getloadavg()],
                    **_percentiles(times, ""),
                    "mean_ms": round(statistics.mean(times), 2),
                    **_percentiles(cpu, "cpu_"),
                    "median_ms_per_step": STEPS,
                    "p99_ms_per_step": STEPS_P99,
                    **(_query_report(counts, args.samples) if args.queries else {}),
                    **({"duplicate_finder": finder_costs()} if args.finder_costs else {}),
                    "target_p99_ms": 20,
                },
                indent=2,
            )
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _psql(f"DROP DATABASE IF EXISTS {args.db}")


if __name__ == "__main__":
    main()
