"""A superuser goes through the Wagtail admin in a browser set to English: every screen reads
Vietnamese and no request leaves the machine (no gravatar, no release check, no outside fonts or
scripts)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from wagtail.models import Page

from portal.models import NewsPage
from tests.factories import UserFactory
from tests.helpers import admin_client
from tests.portal.rendition_files import _close_rendition_files  # noqa: F401

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Wagtail's own English for what these screens show; none of it may reach the page.
ENGLISH = [
    "Dashboard",
    "Site summary",
    "Your most recent edits",
    "Save draft",
    "More actions",
    "Publish",
    "Page title",
    "Promote",
    "Add child page",
    "Sort by",
    "Upload",
    "Add an image",
    "Add a document",
    "Add a user",
    "Snippets",
    "Reports",
    "Settings",
    "Help",
    "Search",
    "Just now",
    "Status",
]


@pytest.fixture
def portal_demo(demo_data):
    demo_data("portal")


@pytest.fixture
def english_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", timezone_id="Asia/Ho_Chi_Minh"
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artefacts(tmp_path):
    folder = Path(os.environ.get("E2E_ARTEFACTS") or tmp_path) / "admin-vi"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_in(page, live_server, user):
    """The session of a test client logged in as the admin helpers do (MFA on)."""
    client = admin_client(Client(), user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def english_left(text):
    lines = {line.strip() for line in text.splitlines()}
    return [phrase for phrase in ENGLISH if phrase in lines]


def test_admin_reads_vietnamese_and_calls_nothing_outside(
    english_page, live_server, portal_demo, artefacts
):
    page = english_page
    superuser = UserFactory(email="quantri@example.com", is_staff=True, is_superuser=True)
    log_in(page, live_server, superuser)
    outside = []
    page.on(
        "request",
        lambda request: (
            urlsplit(request.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(request.url).hostname not in LOCAL_HOSTS
            and outside.append(request.url)
        ),
    )
    article = NewsPage.objects.live().first()
    home = Page.objects.get(depth=2, locale__language_code="vi")  # the English home is beside it
    screens = {
        "dashboard": "/admin/",
        "explorer": f"/admin/pages/{home.pk}/",
        "editor": f"/admin/pages/{article.pk}/edit/",
        "images": "/admin/images/",
        "documents": "/admin/documents/",
        "snippets": "/admin/snippets/",
        "users": "/admin/users/",
    }
    leftovers = {}
    for name, url in screens.items():
        response = page.goto(url, wait_until="networkidle")
        assert response.status == 200, (url, response.status)
        assert page.locator("html").get_attribute("lang") == "vi"
        if name in ("dashboard", "explorer", "editor"):
            page.screenshot(path=str(artefacts / f"{name}.png"), full_page=True)
        if found := english_left(page.locator("body").inner_text()):
            leftovers[name] = found

    # The React side panel and the editor's JS strings come from the JavaScript catalogue.
    page.goto(screens["editor"], wait_until="networkidle")
    assert page.get_by_role("button", name="Lưu bản nháp").count() >= 1
    page.get_by_role("button", name="Thao tác khác").first.click()
    page.get_by_role("button", name="Xuất bản").first.wait_for()
    assert page.get_by_role("tab", name="Nội dung").count() == 1

    assert leftovers == {}
    assert outside == []
