"""Local development and the `make run` demo: SQLite, local-memory cache, console email."""

import os

# A developer's .env file in the project folder is read (base.py), unless READ_DOT_ENV_FILE=false.
os.environ.setdefault("READ_DOT_ENV_FILE", "true")

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

DEBUG = env.bool("DEBUG", default=True)
# Only for a developer's machine; production.py has no default and refuses to start without one.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-only-7u1f0q9x2m4k8c3v6b5n")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "common.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files straight from the app and project folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The demo province and `manage.py seed_demo`: never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
