"""`make run` serves through gunicorn with whitenoise, and its workers share one secret key: a
signed-in user never bounces to the login page because another worker answered (issue 9 saw 21 of
50 requests bounce with two workers and no key)."""

import os
import re
import socket
import subprocess
import time
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BIN = ROOT / ".venv" / "bin"


def test_make_run_serves_through_gunicorn_with_a_shared_key():
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8199"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert plan.returncode == 0, plan.stderr
    assert re.search(r"gunicorn config\.wsgi --bind 127\.0\.0\.1:8199 --workers 4 --threads 1", plan.stdout)
    assert "runserver" not in plan.stdout and ".secret_key" in plan.stdout
    assert ".secret_key" in (ROOT / ".gitignore").read_text()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(not (BIN / "gunicorn").exists(), reason="gunicorn is not installed in .venv")
def test_two_gunicorn_workers_keep_a_user_signed_in(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SECRET_KEY_FILE=str(tmp_path / ".secret_key"),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    (tmp_path / ".secret_key").write_text("k" * 64)
    subprocess.run([str(BIN / "jiesu"), "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    create = (
        "from jiesu.accounts.models import User; "
        "u = User(username='w', role='dispatcher'); u.set_password('Huailin#2025x'); u.save()"
    )
    subprocess.run([str(BIN / "jiesu"), "shell", "-c", create], cwd=ROOT, env=env, check=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        opener = build_opener(HTTPCookieProcessor(CookieJar()))
        for _ in range(60):
            try:
                page = opener.open(f"{base}/accounts/login/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.5)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urlencode(
            {"username": "w", "password": "Huailin#2025x", "csrfmiddlewaretoken": token}
        ).encode()
        request = Request(
            f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
        )
        opener.open(request, timeout=10)
        bounced = sum(
            "/accounts/login/" in opener.open(f"{base}/orders/", timeout=10).geturl() for _ in range(30)
        )
        assert bounced == 0
    finally:
        server.terminate()
        server.wait(timeout=30)
