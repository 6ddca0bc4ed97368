"""Settings. Everything that varies between machines comes from environment variables.

SQLite (db.sqlite3 in the project folder) is the default; set DATABASE_URL for PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Without SECRET_KEY a random key is made per process: sessions do not survive a restart,
# which is safe for the demo and forces production to set one.
SECRET_KEY = os.environ.get("SECRET_KEY") or get_random_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
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
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL + a busy timeout let the web server and a command (import, sla-scan) share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

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
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

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
}

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
