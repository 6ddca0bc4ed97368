"""Latency of the whole triage step (triage_order) on PostgreSQL with N existing orders; JSON.

Creates the database jiesu_bench_triage, migrates it, loads the demo street's places and units,
bulk-inserts --orders synthetic orders spread over three years (COPY-speed batches of 20,000),
one routing rule per top-level category, then creates --samples new orders through
workorder_create and times triage_order on each (category, place, urgency, the duplicate search
over the last 90 days, routing, storing the result). Drops the database at the end (--keep to
keep it).

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
    texts = ("楼道灯坏了", "垃圾没人清运", "暖气不热", "楼上漏水", "停车乱收费", "噪音扰民", "电梯故障")
    for i in range(n):
        compound = rng.choice(compounds)
        building = rng.choice(buildings.get(compound.pk) or [None])
        received = now - timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60))
        batch.append(
            WorkOrder(
                number=f"B{i:08d}",
                received_at=received,
                category=rng.choice(leaves),
                content=f"{compound.name}{rng.choice(texts)}，{rng.randint(1, 999)}",
                address_text=compound.name,
                community_id=compound.community_id,
                compound=compound,
                building=building,
                status=rng.choice(("closed", "closed", "closed", "visited", "accepted", "new")),
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


def measure(samples: int, places: list, leaves: list, rng: random.Random) -> list[float]:
    from jiesu.triage.services import triage_order
    from jiesu.workorders import services

    times = []
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
        triage_order(order_id=order.pk)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true")
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
        measure(20, places, leaves, rng)  # warm caches (gazetteer, rules, model)
        times = sorted(measure(args.samples, places, leaves, rng))
        from jiesu.triage.models import ModelVersion

        pick = lambda q: round(times[min(len(times) - 1, int(q * len(times)))], 2)  # noqa: E731
        print(
            json.dumps(
                {
                    "orders": args.orders,
                    "samples": args.samples,
                    "load_seconds": round(loaded_s, 1),
                    "model_active": ModelVersion.objects.filter(is_active=True).exists(),
                    "p50_ms": pick(0.5),
                    "p95_ms": pick(0.95),
                    "p99_ms": pick(0.99),
                    "mean_ms": round(statistics.mean(times), 2),
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
