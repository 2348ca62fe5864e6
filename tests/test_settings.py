import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

MODES = ["local", "test", "production"]
# What production needs besides a secret: PostgreSQL and Redis (nothing connects to them here).
PRODUCTION = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "cchc.example.gov.vn",
    "DATABASE_URL": "postgres://cchc@db.example:5432/cchc",
    "REDIS_URL": "redis://redis.example:6379/0",
}


def load(mode, env, code=None, cwd=None):
    code = code or (
        "import django, os; django.setup(); from django.conf import settings; "
        "print(settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.DEBUG)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": f"training_site.settings.{mode}", "PATH": "/usr/bin", **env},
        capture_output=True,
        text=True,
        cwd=cwd or settings.BASE_DIR,
        check=False,
    )


def run_local(code, env):
    """Run `code` in a fresh interpreter on the local settings with `env` added. Code that only
    reads settings leaves out django.setup(): loading every app costs seconds per interpreter,
    and test_each_mode_loads_in_vietnamese_and_local_time already loads them in each mode."""
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": "training_site.settings.local", "PATH": "/usr/bin", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


@pytest.mark.parametrize("mode", MODES)
def test_each_mode_loads_in_vietnamese_and_local_time(mode):
    env = PRODUCTION if mode == "production" else {"SECRET_KEY": "x" * 60}
    result = load(mode, env)
    assert result.returncode == 0, result.stderr
    language, zone, debug = result.stdout.split()
    assert (language, zone) == ("vi", "Asia/Ho_Chi_Minh")
    assert debug == ("True" if mode == "local" else "False")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"DATABASE_URL": ""}, "DATABASE_URL must be set in production settings"),
        (
            {"DATABASE_URL": "sqlite:////srv/cchc/db.sqlite3"},
            "DATABASE_URL must point at PostgreSQL",
        ),
        ({"REDIS_URL": ""}, "REDIS_URL must be set in production settings"),
        ({"REDIS_URL": "locmem://"}, "REDIS_URL must be set in production settings"),
    ],
)
def test_production_refuses_to_start_without_what_it_needs(change, message):
    env = {key: value for key, value in {**PRODUCTION, **change}.items() if value}
    result = load("production", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def copy_of_the_settings(folder, dot_env):
    """The settings package alone in `folder`, with `dot_env` as the project's .env file."""
    package = folder / "training_site"
    shutil.copytree(
        Path(settings.BASE_DIR) / "training_site" / "settings",
        package / "settings",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (package / "__init__.py").write_text("")
    (folder / ".env").write_text(dot_env)
    return folder


@pytest.mark.parametrize(
    ("mode", "env", "read"),
    [
        ("local", {}, True),
        ("local", {"READ_DOT_ENV_FILE": "false"}, False),
        ("test", {}, False),
        ("production", PRODUCTION, False),
        ("production", {**PRODUCTION, "READ_DOT_ENV_FILE": "true"}, True),
    ],
)
def test_the_dot_env_file_is_read_only_where_it_is_meant_to_be(tmp_path, mode, env, read):
    folder = copy_of_the_settings(tmp_path, "SITE_NAME=Từ tệp .env\nLOG_LEVEL=WARNING\n")
    # Settings only, no django.setup(): the copy has no apps next to it.
    code = (
        "from django.conf import settings; "
        "print(settings.WAGTAIL_SITE_NAME, settings.LOGGING['root']['level'], sep='|')"
    )
    result = load(mode, {**env, "LOG_LEVEL": "ERROR", "PYTHONPATH": str(folder)}, code, folder)
    assert result.returncode == 0, result.stderr
    site_name, level = result.stdout.strip().split("|")
    assert (site_name == "Từ tệp .env") is read
    # What the environment says wins over the file.
    assert level == "ERROR"


def test_redis_url_switches_cache_and_sessions_to_redis():
    code = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)"
    )
    result = run_local(code, {"REDIS_URL": "redis://127.0.0.1:6379/5"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cache",
    ]


def test_sqlite_runs_in_wal_with_immediate_transactions(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    assert mode == "wal"


@pytest.mark.parametrize(
    ("pool_env", "expected"),
    [
        ({}, "0 20"),
        ({"DATABASE_POOL_MAX_SIZE": "8"}, "0 8"),
        ({"DATABASE_POOL_MAX_SIZE": "0"}, "60 -"),
    ],
)
def test_postgresql_uses_a_bounded_connection_pool(pool_env, expected):
    code = (
        "from django.conf import settings; "
        "db = settings.DATABASES['default']; pool = db.get('OPTIONS', {}).get('pool'); "
        "print(db['CONN_MAX_AGE'], pool['max_size'] if pool else '-')"
    )
    result = run_local(code, {"DATABASE_URL": "postgres://cchc@db.example:5432/cchc", **pool_env})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.parametrize(("max_age", "kept"), [(None, True), ("0", False)])
def test_sqlite_connections_are_kept_between_requests(tmp_path, max_age, kept):
    """A request ends with close_old_connections(): the connection (and its PRAGMAs) is reused by
    the next request on the same thread unless CONN_MAX_AGE=0."""
    code = (
        "import django; django.setup(); from django.db import connection, close_old_connections\n"
        "connection.ensure_connection(); first = connection.connection\n"
        "close_old_connections(); connection.ensure_connection()\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('PRAGMA journal_mode'); mode = cursor.fetchone()[0]\n"
        "    cursor.execute('PRAGMA synchronous'); synchronous = cursor.fetchone()[0]\n"
        "    cursor.execute('PRAGMA foreign_keys'); keys = cursor.fetchone()[0]\n"
        "print(connection.connection is first, mode, synchronous, keys)"
    )
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "READ_DOT_ENV_FILE": "false"}
    if max_age is not None:
        env["CONN_MAX_AGE"] = max_age
    result = run_local(code, env)
    assert result.returncode == 0, result.stderr
    # synchronous=1 is NORMAL; foreign keys are on.
    assert result.stdout.split() == [str(kept), "wal", "1", "1"]


def test_frontend_cache_purging_is_off_unless_a_purge_address_is_set():
    code = (
        "from django.conf import settings; "
        "from wagtail.contrib.frontend_cache.utils import get_backends; "
        "backends = get_backends(); "
        "print('wagtail.contrib.frontend_cache' in settings.INSTALLED_APPS, "
        "[(name, type(b).__name__, b.cache_netloc) for name, b in backends.items()])"
    )
    off = run_local(code, {"READ_DOT_ENV_FILE": "false"})
    assert off.returncode == 0, off.stderr
    assert off.stdout.strip() == "False []"
    on = run_local(
        code, {"READ_DOT_ENV_FILE": "false", "FRONTEND_CACHE_PURGE_URL": "http://varnish:6081"}
    )
    assert on.returncode == 0, on.stderr
    assert on.stdout.strip() == "True [('proxy', 'HTTPBackend', 'varnish:6081')]"


def test_no_unused_wagtail_contrib_app_is_installed():
    """Installed apps cost start-up time, admin menu entries and translations; these are unused."""
    unused = {
        "wagtail.contrib.forms",
        "wagtail.contrib.typed_table_block",
        "wagtail.contrib.search_promotions",
        "wagtail.embeds",
        "django.contrib.sitemaps",
        "django.contrib.humanize",
    }
    assert unused.isdisjoint(settings.INSTALLED_APPS)


def test_each_parallel_test_worker_has_its_own_media_folders_and_redis_database():
    code = (
        "from django.conf import settings; print(settings.MEDIA_ROOT.name, "
        "settings.PRIVATE_MEDIA_ROOT.name, settings.CACHES['default']['LOCATION'], "
        "settings.CACHES['renditions']['LOCATION'])"
    )
    env = {"REDIS_URL": "redis://127.0.0.1:6379/2", "PYTEST_XDIST_WORKER": "gw3"}
    result = load("test", env, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["gw3", "gw3", *["redis://127.0.0.1:6379/5"] * 2]
