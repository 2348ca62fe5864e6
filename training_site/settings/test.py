"""Tests: fast hashing, in-memory email, tasks run immediately, no external services by default.

DATABASE_URL and REDIS_URL, when set (CI's PostgreSQL/Redis pass), are honoured as in base.py.
"""

import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, INSTALLED_APPS, REDIS_URL, database_from_env

# pytest-xdist runs the suite in several processes ("gw0", "gw1", ...); each gets its own database
# (pytest-django adds the worker to its name), its own media folders and, with Redis, its own
# Redis database, since a test's cache.clear() empties the whole Redis database.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")

DEBUG = False
# The demo app (seed_demo), as in local development; production never has it.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
SECRET_KEY = "test-only-secret-key-not-for-production-0123456789abcdef"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASES = {"default": database_from_env(BASE_DIR / "test-db.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: WAL, IMMEDIATE transactions and live-server threads behave as in use.
    # One file per test run (by process id), so parallel runs never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f"test-db-{os.getpid()}.sqlite3")}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    # A storage of its own, so tests can tell a private file from a public one.
    "private": {"BACKEND": "common.storage.PrivateInMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media" / (WORKER or "main")
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-private-media" / (WORKER or "main")
if REDIS_URL and WORKER:
    _redis = urlsplit(REDIS_URL)
    _database = int(_redis.path.strip("/") or 0) + int(WORKER.removeprefix("gw"))
    for _cache in CACHES.values():
        _cache["LOCATION"] = urlunsplit(_redis._replace(path=f"/{_database}"))
WAGTAILADMIN_BASE_URL = "http://testserver"
LANGUAGE_CODE = "vi"
# Static files straight from the app and project folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
