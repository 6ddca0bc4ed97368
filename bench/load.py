"""Load on the real application server: the order list and an order page, per role, on loopback.

    .venv/bin/python bench/load.py                      # a copy of db.sqlite3 (the demo street)
    .venv/bin/python bench/load.py --db /path/demo.sqlite3 --clients 8 --seconds 15
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/jiesu_demo

Starts gunicorn (`--workers` × `--threads`, as `make run` does) on 127.0.0.1 against a COPY of the
SQLite database (or the given PostgreSQL database, read-only use), logs each demo role in by
creating a session for it, then for every role and page runs `--clients` concurrent keep-alive
clients for `--seconds` and reports requests/s and latency percentiles. Only GET requests; nothing
is written except the sessions. Prints one JSON object.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ROLES = ["dispatcher", "leader", "community", "property", "department"]
SECRET = "bench-only-secret-key-not-for-production-0123456789"


def _sessions(roles: list[str]) -> tuple[dict[str, str], dict[str, list[int]]]:
    """A session cookie per demo login, and for each a sample of order ids in its scope."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from jiesu.accounts.models import User
    from jiesu.workorders.selectors import workorder_scope

    cookies, orders = {}, {}
    for username in roles:
        user = User.objects.get(username=username)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the role backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies[username] = session.session_key
        ids = list(workorder_scope(user=user).order_by("-id").values_list("id", flat=True)[:2000])
        orders[username] = random.Random(username).sample(ids, min(200, len(ids)))
    return cookies, orders


def _wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/accounts/login/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def _client(port, cookie, paths, until, latencies, errors, lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    rng = random.Random(threading.get_ident())
    mine = []
    while time.monotonic() < until:
        path = rng.choice(paths)
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            ok = False
        elapsed = (time.perf_counter() - started) * 1000
        if ok:
            mine.append(elapsed)
        else:
            with lock:
                errors.append(f"{status} {path}")
    with lock:
        latencies.extend(mine)


def _run(port, cookie, paths, clients, seconds) -> dict:
    latencies, errors, lock = [], [], threading.Lock()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(port, cookie, paths, until, latencies, errors, lock))
        for _ in range(clients)
    ]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - began
    latencies.sort()

    def pct(p):
        return (
            round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))], 1) if latencies else None
        )

    return {
        "requests": len(latencies),
        "errors": len(errors),
        "error_examples": errors[:3],
        "rps": round(len(latencies) / took, 1),
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(ROOT / "db.sqlite3"), help="SQLite demo database to copy")
    parser.add_argument("--database-url", default="", help="use this database instead (PostgreSQL)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=4)  # as `make run`
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--roles", default=",".join(ROLES))
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="jiesu-load-")
    if args.database_url:
        url = args.database_url
    else:
        copy = Path(workdir) / "load.sqlite3"
        shutil.copy(args.db, copy)
        url = f"sqlite:///{copy}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "ERROR",
    }
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")})
    roles = [role for role in args.roles.split(",") if role]
    cookies, orders = _sessions(roles)
    gunicorn = shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) or "gunicorn"
    server = subprocess.Popen(
        [gunicorn, "config.wsgi", "-b", f"127.0.0.1:{args.port}", "-w", str(args.workers),
         "--threads", str(args.threads), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _wait_for(args.port)
        results = {}
        for role in roles:
            pages = {
                "order_list": ["/orders/", "/orders/?page=2", "/orders/?status=accepted"],
                "order_page": [f"/orders/{pk}/" for pk in orders[role]],
            }
            for page, paths in pages.items():
                if not paths:
                    continue
                _run(args.port, cookies[role], paths[:5], 2, 1.5)  # warm up caches and connections
                results[f"{role}.{page}"] = _run(args.port, cookies[role], paths, args.clients, args.seconds)
        worst = {
            page: max((r["p95_ms"] or 0) for key, r in results.items() if key.endswith(page))
            for page in ("order_list", "order_page")
        }
        print(json.dumps({
            "database": "postgresql" if args.database_url else "sqlite",
            "server": f"gunicorn {args.workers} workers x {args.threads} threads",
            "clients": args.clients, "seconds_per_case": args.seconds,
            "cpu_count": os.cpu_count(), "loadavg_before": os.getloadavg(),
            "worst_p95_ms": worst, "results": results,
        }, ensure_ascii=False, indent=1))  # fmt: skip
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
