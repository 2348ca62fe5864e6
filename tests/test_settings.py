import subprocess
import sys

import pytest
from django.conf import settings

MODES = ["local", "test", "production"]


def load(mode, env):
    code = (
        "import django, os; django.setup(); from django.conf import settings; "
        "print(settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.DEBUG)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": f"training_site.settings.{mode}", "PATH": "/usr/bin", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def run_local(code, env):
    """Run `code` in a fresh interpreter on the local settings with `env` added."""
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
    env = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "cchc.example.gov.vn"}
    result = load(mode, env)
    assert result.returncode == 0, result.stderr
    language, zone, debug = result.stdout.split()
    assert (language, zone) == ("vi", "Asia/Ho_Chi_Minh")
    assert debug == ("True" if mode == "local" else "False")


def test_production_refuses_to_start_without_a_secret_key():
    result = load("production", {"ALLOWED_HOSTS": "cchc.example.gov.vn"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_debug():
    result = load("production", {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a", "DEBUG": "true"})
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_redis_url_switches_cache_and_sessions_to_redis():
    code = (
        "import django; django.setup(); from django.conf import settings; "
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
        "import django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; pool = db['OPTIONS'].get('pool'); "
        "print(db['CONN_MAX_AGE'], pool['max_size'] if pool else '-')"
    )
    result = run_local(code, {"DATABASE_URL": "postgres://cchc@db.example:5432/cchc", **pool_env})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
