import os

import pytest

from tests.factories import UnitFactory, UserFactory


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
