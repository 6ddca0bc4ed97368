"""Latency of the whole triage step (triage_order) on PostgreSQL with N existing orders; JSON.

Creates the database jiesu_bench_triage, migrates it, loads the demo street's places and units,
bulk-inserts --orders synthetic orders spread over three years (COPY-speed batches of 20,000),
one routing rule per top-level category, trains and activates a category model on the most
recent finished orders (each leaf category has its own phrases, so the model is a real one and
its prediction — segmentation included — is in the timed path), then creates --samples new
orders through workorder_create and times triage_order on each (category, place, urgency, the
duplicate search — the running DuplicateFinder over the last 90 days and open orders —, routing,
storing the result). Orders older than 30 days are finished (as on a real street). Drops the
database at the end (--keep to keep it).

    .venv/bin/python bench/triage_latency.py --orders 100000
"""

import argparse
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


def _psql(sql: str) -> None:
    subprocess.run(["psql", f"{SERVER}/postgres", "-qc", sql], check=True, capture_output=True)


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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


def load_orders(n: int, rng: random.Random) -> list:
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
        cursor.execute("ANALYZE workorders_workorder")
    return [(c, buildings.get(c.pk) or []) for c in compounds if c.kind == "apartment"], leaves


STEPS: dict[str, float] = {}  # median milliseconds per triage step, from TriageResult.timings


def train(samples: int):
    """A real classifier, trained like the demo's (quick settings), made active."""
    from jiesu.triage.demo import DEMO_PARAMS
    from jiesu.triage.services import model_train

    return model_train(max_samples=samples, params=DEMO_PARAMS, note="bench")


def measure(samples: int, places: list, leaves: list, rng: random.Random) -> list[float]:
    from jiesu.triage.services import triage_order
    from jiesu.workorders import services

    times, steps = [], {}
    for i in range(samples):
        compound, blds = rng.choice(places)
        number = rng.choice(blds).number if blds else "1"
        order = services.workorder_create(
            actor=None,
            content=f"{compound.name}{number}号楼楼道灯坏了，晚上很黑，请尽快维修 {i}",
            address_text=f"{compound.name}小区{number}号楼",
            category=rng.choice(leaves) if i % 2 else None,
        )
        started = time.perf_counter()
        result = triage_order(order_id=order.pk)
        times.append((time.perf_counter() - started) * 1000)
        for step, ms in (result.timings if result else {}).items():
            steps.setdefault(step, []).append(ms)
    STEPS.clear()
    STEPS.update({step: round(statistics.median(values), 2) for step, values in steps.items()})
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--train-samples", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    _psql(f"DROP DATABASE IF EXISTS {DB}")
    _psql(f"CREATE DATABASE {DB}")
    try:
        setup_django()
        load_street()
        started = time.perf_counter()
        places, leaves = load_orders(args.orders, rng)
        loaded_s = time.perf_counter() - started
        started = time.perf_counter()
        version = train(args.train_samples)
        train_s = time.perf_counter() - started
        started = time.perf_counter()
        measure(20, places, leaves, rng)  # warm caches (gazetteer, rules, model, duplicate index)
        warm_s = time.perf_counter() - started
        times = sorted(measure(args.samples, places, leaves, rng))
        from jiesu.triage.models import ModelVersion

        pick = lambda q: round(times[min(len(times) - 1, int(q * len(times)))], 2)  # noqa: E731
        print(
            json.dumps(
                {
                    "orders": args.orders,
                    "samples": args.samples,
                    "load_seconds": round(loaded_s, 1),
                    "train_seconds": round(train_s, 1),
                    "warm_up_seconds_20_orders_incl_index_build": round(warm_s, 1),
                    "model": version.version,
                    "model_trained_on": version.trained_on,
                    "model_active": ModelVersion.objects.filter(is_active=True).exists(),
                    "load_average": [round(x, 2) for x in os.getloadavg()],
                    "p50_ms": pick(0.5),
                    "p95_ms": pick(0.95),
                    "p99_ms": pick(0.99),
                    "mean_ms": round(statistics.mean(times), 2),
                    "median_ms_per_step": STEPS,
                    "target_p99_ms": 20,
                },
                indent=2,
            )
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _psql(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    main()
