"""Test settings: the same as base, with fast hashing. DATABASE_URL picks SQLite or PostgreSQL."""

from .base import *  # noqa: F401,F403

SECRET_KEY = "test-only-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = True
# Static files are served from the finders (static/ and app folders), no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# background jobs run right after commit in the test's own thread (a test may override it)
JIESU_BACKGROUND = "inline"
# django-axes logs every failed sign-in as a warning; tests fail sign-ins on purpose
AXES_VERBOSE = False
# a connection per request, as tests have always run (threads of concurrency tests open their own)
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
