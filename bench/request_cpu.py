"""CPU per request, in process: the order list and an order page per role, without a server.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/request_cpu.py
    DATABASE_URL=... .venv/bin/python bench/request_cpu.py --repeat 20 --profile dispatcher.order_list

Under load on a shared machine wall-clock latencies (bench/load.py) swing by a factor of ten; the
CPU a request costs this process (time.process_time) does not. For each role and page this runs
the same GET requests through Django's test client (settings as in production: DEBUG off, the
cached template loader) and reports, per request, the CPU milliseconds, the wall milliseconds spent
in SQL and the number of queries. The first round warms caches and is not counted. Only GET
requests; nothing is written except a session per role (in the database given: use a copy).
`--profile ROLE.PAGE` prints the top of a cProfile of that case instead. Prints one JSON object.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ROLES = ["dispatcher", "leader", "community", "property", "department"]


def _cases(role: str, ids: list[int]) -> dict[str, list[str]]:
    return {
        "order_list": ["/orders/", "/orders/?page=2", "/orders/?status=accepted"],
        "order_list_filtered": ["/orders/?overdue=1&counted=1", "/orders/?q=噪音", "/orders/?channel=phone"],
        "order_page": [f"/orders/{pk}/" for pk in ids],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="rounds per case (after one warm-up)")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--profile", default="", help="ROLE.PAGE: print a cProfile of that case")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from jiesu.accounts.models import User
    from jiesu.workorders.selectors import workorder_scope

    queries: list[float] = []

    def timed(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(time.perf_counter() - began)

    results = {}
    for role in [r for r in args.roles.split(",") if r]:
        user = User.objects.get(username=role)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        ids = list(workorder_scope(user=user).order_by("-id").values_list("id", flat=True)[:400:40])
        for page, paths in _cases(role, ids).items():
            key = f"{role}.{page}"
            if args.profile and args.profile != key:
                continue
            for path in paths:  # warm-up
                assert client.get(path).status_code == 200, path
            cpu, sql, counts = [], [], []
            profiler = cProfile.Profile(time.process_time) if args.profile else None
            for _ in range(args.repeat):
                for path in paths:
                    queries.clear()
                    with connection.execute_wrapper(timed):
                        if profiler:
                            profiler.enable()
                        began = time.process_time()
                        response = client.get(path)
                        cpu.append((time.process_time() - began) * 1000)
                        if profiler:
                            profiler.disable()
                    assert response.status_code == 200, (path, response.status_code)
                    sql.append(sum(queries) * 1000)
                    counts.append(len(queries))
            if profiler:
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(60)
                print(out.getvalue())
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(40)
                print(out.getvalue())
            cpu.sort()
            results[key] = {
                "requests": len(cpu),
                "cpu_ms_median": round(statistics.median(cpu), 1),
                "cpu_ms_p95": round(cpu[min(len(cpu) - 1, int(0.95 * len(cpu)))], 1),
                "sql_ms_median": round(statistics.median(sql), 1),
                "queries_max": max(counts),
            }
    print(json.dumps({
        "database": connection.vendor, "loadavg": os.getloadavg(), "repeat": args.repeat, "results": results,
    }, ensure_ascii=False, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
