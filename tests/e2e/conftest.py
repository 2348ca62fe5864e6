"""End-to-end tests: the system Chromium driven by Playwright against a live server."""

import io
import os
import shutil
import sqlite3
import tempfile
from importlib import import_module

import pytest
from django.core.management import call_command

from tests.e2e.browsing import browser_context

#: The browser: CHROMIUM_PATH if set, else Debian's chromium-headless-shell when installed (the
#: same Chromium without the full browser's window machinery: about a tenth less CPU for the
#: suite's pages), else Debian's chromium.
CHROMIUM = os.environ.get("CHROMIUM_PATH") or next(
    (
        path
        for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
        if os.path.exists(path)
    ),
    "/usr/bin/chromium",
)


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package"
        if os.environ.get("REQUIRE_E2E"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="e2e-chromium-")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def phone(browser, live_server):
    """A page in a 390 px phone's browser."""
    context = browser_context(browser, live_server, 390, 844)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport={"width": 360, "height": 740},
        timezone_id="Asia/Ho_Chi_Minh",
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


class _Quiet:
    """What a seeder expects of its management command: somewhere to write."""

    stdout = io.StringIO()


#: (apps, search index rebuilt) → a copy of the database right after seeding them, per process.
_SNAPSHOTS = {}


@pytest.fixture
def demo_data(transactional_db, tmp_path_factory):
    """`demo_data("portal", "qa")`: the roles and the named apps' demo content, written by the
    demo's own seeders (demo/seeders/<app>.py) into this test's empty database;
    `demo_data(everything=True)` runs `seed_demo` itself.

    Seeding the portal's pages and pictures costs seconds and a dozen end-to-end tests need it,
    each starting from an emptied database. On SQLite the first test in a process seeds and a
    copy of the database file is taken; a later test asking for the same apps gets that copy
    restored (SQLite's backup API, milliseconds) instead of seeding again. Uploaded files stay
    in the process's in-memory storage, so the restored rows still find them. On PostgreSQL
    every test seeds."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site
    from django.core.cache import caches
    from django.db import connection

    def seed(*apps, search_index=False, everything=False):
        from django.conf import settings

        key = (apps, search_index, everything, settings.DEMO_PASSWORD)
        snapshot = _SNAPSHOTS.get(key)
        if snapshot is not None and connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(snapshot)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            # Rows changed under the process's caches: ids of content types and sites may differ.
            ContentType.objects.clear_cache()
            Site.objects.clear_cache()
            for alias in ("default", "renditions"):
                caches[alias].clear()
            return
        if everything:
            call_command("seed_demo", stdout=io.StringIO())
        else:
            call_command("setup_roles", stdout=io.StringIO())
        for app in apps:
            import_module(f"demo.seeders.{app}").seed(_Quiet())
        if search_index:
            call_command("rebuild_search_index", stdout=io.StringIO())
        if connection.vendor == "sqlite":
            folder = tmp_path_factory.mktemp("demo-snapshot", numbered=True)
            path = folder / "db.sqlite3"
            target = sqlite3.connect(path)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            _SNAPSHOTS[key] = str(path)

    return seed
