"""Production settings: no start without a secret key, `check --deploy` clean; request bodies small
everywhere but the import; one secret key shared by every worker of `make run`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from jiesu.accounts.models import Role
from tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)
MB = 1024 * 1024


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in IGNORED}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


# variables of the test run that a deployment never has (the browser tests allow async-unsafe calls)
IGNORED = ("SECRET_KEY", "SECRET_KEY_FILE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
SETUP = "import django; django.setup(); from django.conf import settings; "


def test_production_refuses_to_start_without_a_secret_key():
    result = run_django(SETUP + "print('started')", DJANGO_SETTINGS_MODULE="config.settings.production")
    assert result.returncode != 0 and "started" not in result.stdout
    assert "SECRET_KEY" in result.stderr


def test_production_starts_in_debug_without_a_key_for_a_developer():
    result = run_django(
        SETUP + "print('started')", DJANGO_SETTINGS_MODULE="config.settings.production", DEBUG="1"
    )
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean():
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "jiesu"), "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in IGNORED},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "k" + "9f3Jx!q2Lm#Zr8Tw&Vb5Yc7Nd0Pe4Hs6Ug1Ka3Ri5Oj7Ql9" * 2,
            "ALLOWED_HOSTS": "jiesu.example.gov.cn",
        },
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_is_https_only_and_refuses_the_demo_password():
    code = SETUP + (
        "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS >= 31536000, settings.SESSION_COOKIE_SECURE,"
        " settings.CSRF_COOKIE_SECURE, settings.SECURE_PROXY_SSL_HEADER, settings.JIESU_DEMO)"
    )
    result = run_django(
        code, DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="x" * 60, JIESU_DEMO="1"
    )
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "False",
    ]


def test_a_key_file_gives_every_process_the_same_key(tmp_path):
    key_file = tmp_path / ".secret_key"
    key_file.write_text("shared-" + "z" * 60 + "\n")
    keys = {
        run_django(SETUP + "print(settings.SECRET_KEY)", DJANGO_SETTINGS_MODULE="config.settings.base",
                   SECRET_KEY_FILE=str(key_file)).stdout.strip()
        for _ in range(2)
    }  # fmt: skip
    assert keys == {"shared-" + "z" * 60}


def test_the_global_body_limit_is_small():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * MB
    assert settings.JIESU_LARGE_BODY_VIEWS["import_orders"] > settings.JIESU_MAX_BODY_MB


@pytest.mark.django_db
def test_a_large_body_is_refused_everywhere_but_the_import(client, settings):
    settings.JIESU_MAX_BODY_MB = 1
    settings.JIESU_LARGE_BODY_VIEWS = {"import_orders": 3}
    client.force_login(UserFactory(role=Role.DISPATCHER))
    body = b"x" * (2 * MB)
    refused = client.post(reverse("order_new"), data=body, content_type="application/octet-stream")
    assert refused.status_code == 413 and "上传的内容过大" in refused.content.decode()
    taken = client.post(reverse("import_orders"), data=body, content_type="application/octet-stream")
    assert taken.status_code != 413
    too_big = client.post(
        reverse("import_orders"), data=b"x" * (4 * MB), content_type="application/octet-stream"
    )
    assert too_big.status_code == 413


@pytest.mark.django_db
def test_a_form_body_past_the_global_limit_is_refused_cleanly(client):
    client.force_login(UserFactory(role=Role.DISPATCHER))
    response = client.post(reverse("order_new"), {"content": "x" * (3 * MB)})
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_an_overlong_query_string_is_refused_not_a_server_error(client, signed_in):
    if signed_in:
        client.force_login(UserFactory(role=Role.DISPATCHER))
    client.raise_request_exception = False
    response = client.get(reverse("order_list"), {"q": "漏" * 3000})  # 27,000 characters encoded
    assert response.status_code == 414
    assert "查询参数过长" in response.content.decode()
