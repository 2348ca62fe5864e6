import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import template_db
from tests.factories import UnitFactory, UserFactory


def _parallel_on_sqlite(config):
    """The controlling process of a pytest-xdist run whose database is SQLite."""
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return False
    return os.environ.get("DATABASE_URL", "sqlite").startswith("sqlite")


def _on_sqlite():
    from django.db import connection

    return connection.vendor == "sqlite"


def pytest_report_header(config):
    if not _on_sqlite() or config.option.nomigrations:
        return None
    if template_db.dump_matches():
        return f"test database: {template_db.DUMP.name}, then migrate (nothing to apply)"
    return (
        f"test database: migrated, since the migrations differ from {template_db.DUMP.name} "
        "(`make test-db` writes it again)"
    )


def pytest_configure(config):
    """A parallel run on SQLite whose migrations differ from the committed dump migrates one
    template database for all its workers, in a process of its own started now, while the
    workers start (tests/template_db.py)."""
    if not _parallel_on_sqlite(config) or template_db.dump_matches():
        return
    template = Path(config.rootpath) / f"test-db-template-{os.getpid()}.sqlite3"
    os.environ[template_db.ENVIRONMENT] = str(template)  # the workers inherit it
    config._template_db = (
        template,
        subprocess.Popen(
            [sys.executable, "-m", "tests.template_db", str(template)], cwd=config.rootpath
        ),
    )


def pytest_unconfigure(config):
    template, process = getattr(config, "_template_db", (None, None))
    if process is None:
        return
    if process.poll() is None:
        process.kill()
    process.wait()
    for suffix in ("", ".partial", ".failed"):
        template.with_name(template.name + suffix).unlink(missing_ok=True)


def _template_ready(timeout=600):
    """The migrated template's path once it is written, or None (no template in this run, or
    building it failed: this worker then migrates for itself)."""
    path = os.environ.get(template_db.ENVIRONMENT)
    if not path or not os.environ.get("PYTEST_XDIST_WORKER"):
        return None
    template = Path(path)
    failed = template.with_name(template.name + ".failed")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if template.exists():
            return template
        if failed.exists():
            return None
        time.sleep(0.1)
    return None


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's own set-up, except that on SQLite the test database starts from the
    committed dump of the migrated database, or else (migrations changed) a worker of a parallel
    run starts from a copy of the run's migrated template; `migrate` then finds nothing to
    apply (tests/template_db.py)."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    keepdb = django_db_keepdb and not django_db_createdb
    if not django_db_use_migrations:
        from pytest_django.fixtures import _disable_migrations

        _disable_migrations()
    elif connection.vendor == "sqlite" and not keepdb:
        test_database = connection.creation._get_test_db_name()
        if template_db.dump_matches():
            template_db.load_dump(test_database)
            keepdb = True  # Django keeps the loaded file and migrates it: nothing to apply
        elif (template := _template_ready()) is not None:
            shutil.copyfile(template, test_database)
            keepdb = True
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        config = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb,
        )
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=request.config.option.verbose)
        if connection.vendor == "sqlite":
            # A connection a live server's thread left open keeps SQLite's side files.
            for suffix in ("-wal", "-shm"):
                Path(f"{connection.creation._get_test_db_name()}{suffix}").unlink(missing_ok=True)


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are skipped on SQLite, with the reason in the summary."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL); run by .ci/run")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, so rate limits and cached pages do not leak."""
    from django.core.cache import caches

    for alias in ("default", "renditions"):
        caches[alias].clear()
    yield


@pytest.fixture(autouse=True)
def _pinned_rate_limit_window(monkeypatch):
    """Our rate limits count in fixed windows; a test's burst of requests must not fall across a
    window boundary (which would reset the count and make a limit test fail now and then)."""
    from common import ratelimit

    monkeypatch.setattr(ratelimit, "_now", lambda: 1_800_000_000.0)


@pytest.fixture
def unit(db):
    return UnitFactory()


@pytest.fixture
def user(db, unit):
    return UserFactory(unit=unit)


@pytest.fixture
def vi(settings):
    from django.utils import translation

    with translation.override("vi"):
        yield


os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
