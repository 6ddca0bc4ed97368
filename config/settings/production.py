"""Production: behind an HTTPS reverse proxy, with a fixed secret key and no demo password.

    DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=… ALLOWED_HOSTS=jiesu.example.gov.cn \
    CSRF_TRUSTED_ORIGINS=https://jiesu.example.gov.cn DATABASE_URL=postgres://… gunicorn config.wsgi

Everything else is as in `base` (environment variables, docs/security.md lists what to set).
`jiesu check --deploy` is clean with these settings (tests/security/test_settings.py).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import CONTENT_SECURITY_POLICY, DEBUG, env_bool, secret_key_from_env

SECRET_KEY = secret_key_from_env()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY 未设置：生产环境必须配置固定的密钥（环境变量 SECRET_KEY，或 SECRET_KEY_FILE 指向的文件），"
            "否则每个进程各用一把随机密钥，登录状态会在进程之间丢失。"
        )
    SECRET_KEY = "debug-only-" + "x" * 50

# the shared demo password never signs anyone in here, whatever JIESU_DEMO says
JIESU_DEMO = False

# HTTPS: the proxy terminates TLS and says so in X-Forwarded-Proto
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-sessionid"  # only from this host, over HTTPS, for the whole site
CSRF_COOKIE_NAME = "__Host-csrftoken"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True},
}
