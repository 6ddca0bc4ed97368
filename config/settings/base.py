"""Settings. Everything that varies between machines comes from environment variables.

SQLite (db.sqlite3 in the project folder) is the default; set DATABASE_URL for PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def map_tile_origins(url: str) -> list[str]:
    """The origin of the map's tile server (`https://tiles.intranet`), for the CSP's img-src."""
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    return [f"{scheme}://{host.replace('{s}', '*')}"] if scheme and host else []


def secret_key_from_env() -> str:
    """SECRET_KEY, else the contents of the file SECRET_KEY_FILE names (`make run` writes one
    once, so every gunicorn worker signs sessions with the same key), else ""."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = os.environ.get("SECRET_KEY_FILE", "")
    if path and Path(path).is_file():
        return Path(path).read_text(encoding="utf-8").strip()
    return ""


DEBUG = env_bool("DEBUG", False)
# Without a configured key a random one is made per process: sessions do not survive a restart
# and differ between worker processes. Production settings refuse to start without one.
SECRET_KEY = secret_key_from_env() or get_random_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "jiesu.accounts.apps.JiesuAdminConfig",  # django.contrib.admin with the 三员分立 admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "ninja",  # its own Swagger UI files are served from here: /api/docs works offline
    "jiesu.core",
    "jiesu.accounts",
    "jiesu.places",
    "jiesu.units",
    "jiesu.workorders",
    "jiesu.intake",
    "jiesu.insight",
    "jiesu.hotspots",
    "jiesu.triage",
    "jiesu.audit",
    # collaborative governance (未诉先办)
    "jiesu.whistles",
    "jiesu.evaluation",
    "jiesu.registers",
    "jiesu.projects",
    "jiesu.cobuilding",
    # participation
    "jiesu.public",
    "jiesu.deliberation",
    "jiesu.volunteers",
    "jiesu.riders",
    "jiesu.grid",
    "jiesu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "jiesu.accounts.middleware.BodyLimitMiddleware",  # before CSRF reads the body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jiesu.accounts.middleware.SessionGuardMiddleware",  # idle timeout, password expiry, 2FA set-up
    "jiesu.audit.middleware.AuditMiddleware",  # exports and imports into the audit log
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "jiesu.core.middleware.DomainErrorMiddleware",  # a DomainError no view caught: its 4xx page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jiesu.core.context_processors.navigation",
                "jiesu.accounts.context_processors.session_security",
            ],
        },
    }
]
# Every form's labels without Django's ASCII colon (label_suffix), project-wide.
FORM_RENDERER = "jiesu.core.forms.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections (10 minutes, checked before reuse): a new connection per request
        # costs SQLite its schema parse and a cold page cache (the department's order list: 16 ms
        # of SQL on a fresh connection, 7 on a kept one) and PostgreSQL a connection set-up.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL + a busy timeout let the web server and a command (import, sla-scan) share the file.
    # A 64 MiB page cache per connection (SQLite's default is 2 MiB): a unit's order list reads
    # the same index and table pages several times in one request (the scope's OR, its count);
    # with the default cache each re-read is a system call. -8 % CPU for the department's order
    # list on the demo street (bench/request_cpu.py); the memory is taken only as pages are read.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (Index(include=…), the routing history's) are PostgreSQL's; SQLite builds the
# same index without the included columns, which is what we want there: no warning on every command.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench"
LOGOUT_REDIRECT_URL = "login"


LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# -- security (docs/security.md) ---------------------------------------------------------------
# Request bodies: small everywhere; the views named here (URL names) take larger uploads.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields and JSON (files excluded): Django's 2.5 MB
JIESU_MAX_BODY_MB = int(os.environ.get("JIESU_MAX_BODY_MB", "12"))  # any request, photos included
JIESU_LARGE_BODY_VIEWS = {"import_orders": int(os.environ.get("JIESU_IMPORT_MAX_MB", "50"))}
# The demo: its shared password is refused at login unless the demo setting is on (`make run`).
JIESU_DEMO = env_bool("JIESU_DEMO", False)
JIESU_DEMO_PASSWORD = "jiesu2024"
# Logins: lock an account after N failures, an address after M (django-axes), for a cool-off.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "jiesu.accounts.backends.RoleBackend"]
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = "jiesu.accounts.lockout.failure_limit"
JIESU_LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("JIESU_LOGIN_FAILURES_PER_ACCOUNT", "5"))
JIESU_LOGIN_FAILURES_PER_IP = int(os.environ.get("JIESU_LOGIN_FAILURES_PER_IP", "20"))
AXES_COOLOFF_TIME = float(os.environ.get("JIESU_LOGIN_LOCKOUT_MINUTES", "30")) / 60  # hours
AXES_DISABLE_ACCESS_LOG = True  # the audit log records every login and logout
AXES_LOCKOUT_CALLABLE = "jiesu.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "jiesu.accounts.lockout.client_ip"
JIESU_PROXY_COUNT = int(
    os.environ.get("JIESU_PROXY_COUNT", "0")
)  # trusted proxies in front (X-Forwarded-For)
# Passwords: length and three kinds of character; staff change them every N days (0: never).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "jiesu.accounts.validators.ComplexityValidator"},
]
JIESU_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("JIESU_PASSWORD_MAX_AGE_DAYS", "90"))
# Sessions: signed out after N idle minutes (a warning shows before), and after a working day at most.
JIESU_IDLE_TIMEOUT_MINUTES = int(os.environ.get("JIESU_IDLE_TIMEOUT_MINUTES", "30"))
JIESU_IDLE_WARNING_SECONDS = 120
SESSION_COOKIE_AGE = int(os.environ.get("JIESU_SESSION_MAX_HOURS", "12")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# Two-factor (TOTP) for centre and admin roles: optional, or required for the roles listed here.
OTP_TOTP_ISSUER = "接诉 Jiesu"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the security admin may reset a second factor, never read its secret
JIESU_OTP_REQUIRED = env_bool("JIESU_OTP_REQUIRED", False)
# Content-Security-Policy: scripts only from this site (inline ones need the request's nonce).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],  # style attributes (bars, legends); no script
        "img-src": ["'self'", "data:", *map_tile_origins(os.environ.get("JIESU_MAP_TILE_URL", ""))],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Views whose successful use is written to the audit log (URL name → kind); sign-ins, reveals and
# admin changes are recorded wherever they happen.
JIESU_AUDITED_VIEWS = {"export_orders": "export", "insight_report": "export", "import_orders": "import"}
# Links people may set (an alert's action link): same-site paths, or these hosts.
JIESU_LINK_HOSTS = env_list("JIESU_LINK_HOSTS", "")

# Celery: eager (in-process) unless a broker is configured.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# background jobs (core.background): "celery" with a broker, else "thread" (in-process); tests: "inline"
JIESU_BACKGROUND = os.environ.get("JIESU_BACKGROUND", "")
# Periodic work for `celery -A config beat` in production (commands of the same names exist for cron).
CELERY_BEAT_SCHEDULE = {
    "sla-scan": {"task": "jiesu.workorders.tasks.sla_scan_task", "schedule": 300.0},
    "hotspot-scan": {"task": "jiesu.hotspots.tasks.hotspot_scan_task", "schedule": 600.0},
    "insight-refresh": {"task": "jiesu.insight.tasks.insight_refresh_task", "schedule": 60.0},
    "triage-retrain": {"task": "jiesu.triage.tasks.model_train_task", "schedule": 7 * 86400.0},
}


# The cache: Redis when CACHE_URL is set (redis://127.0.0.1:6379/1), else this process's memory.
# The public pages' rate limits count in it, so every web process must share one in production.
def caches_from(url: str) -> dict:
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jiesu"}}


CACHES = caches_from(os.environ.get("CACHE_URL", ""))

# Public pages (QR posters, tracking, riders): the address residents reach from the internet, printed
# on posters and cards ("" = the address the poster was downloaded from), and the key that signs the
# place tokens on posters ("" = SECRET_KEY; a new key invalidates every poster on the walls).
JIESU_PUBLIC_URL = os.environ.get("JIESU_PUBLIC_URL", "").rstrip("/")
JIESU_PLACE_TOKEN_KEY = os.environ.get("JIESU_PLACE_TOKEN_KEY", "")
# the request header with the client's address behind a reverse proxy (e.g. HTTP_X_REAL_IP)
JIESU_CLIENT_IP_HEADER = os.environ.get("JIESU_CLIENT_IP_HEADER", "")

# The map's tile server: an intranet map service in production; empty draws a plain background.
JIESU_MAP_TILE_URL = os.environ.get("JIESU_MAP_TILE_URL", "")
JIESU_MAP_TILE_ATTRIBUTION = os.environ.get("JIESU_MAP_TILE_ATTRIBUTION", "")

# Jiesu behaviour that is not per-street data (per-street rules live in the admin).
JIESU = {
    # hours before the resolution deadline when an order counts as "due soon"
    "DUE_SOON_HOURS": int(os.environ.get("JIESU_DUE_SOON_HOURS", "24")),
    # working days past the deadline before automatic supervision (督办) follows the urge (催办)
    "SUPERVISE_AFTER_WORKING_DAYS": int(os.environ.get("JIESU_SUPERVISE_AFTER_WORKING_DAYS", "2")),
    # fallbacks when no deadline rule matches
    "DEFAULT_RESPONSE_HOURS": 24,
    "DEFAULT_RESOLVE_WORKING_DAYS": 7,
}
# the largest photo a person may upload (MB); photos are re-encoded without EXIF when stored
JIESU_PHOTO_MAX_MB = int(os.environ.get("JIESU_PHOTO_MAX_MB", "10"))

# Importing platform files (.xlsx/.csv): caps that refuse hostile or huge files before they cost
# memory or time (docs/security.md, "Files and parameters"). The defaults fit a street's real
# 12345 export with room to spare (a year is ~30,000 rows of ~25 columns).
JIESU_IMPORT = {
    "MAX_UPLOAD_MB": int(os.environ.get("JIESU_IMPORT_MAX_UPLOAD_MB", "50")),  # the file as uploaded
    "MAX_ROWS": int(os.environ.get("JIESU_IMPORT_MAX_ROWS", "200000")),  # rows of a sheet, blank included
    "MAX_COLUMNS": int(os.environ.get("JIESU_IMPORT_MAX_COLUMNS", "200")),
    "MAX_CELL_CHARS": int(os.environ.get("JIESU_IMPORT_MAX_CELL_CHARS", "32767")),  # Excel's own limit
    "MAX_UNZIPPED_MB": int(os.environ.get("JIESU_IMPORT_MAX_UNZIPPED_MB", "500")),  # all parts of an .xlsx
    # the shared-strings part, which a spreadsheet reader holds in memory whole
    "MAX_SHARED_STRINGS_MB": int(os.environ.get("JIESU_IMPORT_MAX_SHARED_STRINGS_MB", "100")),
}
# Exports of more rows than this are written in the background (with progress), then downloaded once.
JIESU_EXPORT_INLINE_MAX_ROWS = int(os.environ.get("JIESU_EXPORT_INLINE_MAX_ROWS", "2000"))
# Uploaded imports waiting for their job and finished exports waiting for their download
# (never served directly; removed once used, or after a day).
JIESU_JOB_FILES_DIR = Path(os.environ.get("JIESU_JOB_FILES_DIR", MEDIA_ROOT / "jobs"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
