"""In the admin, a Vietnamese title prefills an ASCII slug with its letters kept ("Hội nghị" ->
"hoi-nghi", not Wagtail's own "hi-ngh"), for pages and for courses and contests (snippets)."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from demo.seeders.portal import ensure_home
from portal.models import NewsIndexPage
from tests.factories import UserFactory
from tests.helpers import admin_client

TITLE = "Hội nghị tổng kết công tác CCHC"
SLUG = "hoi-nghi-tong-ket-cong-tac-cchc"


@pytest.fixture
def news(transactional_db):
    # ensure_home puts back the tree root a flushed database lacks, and the default site.
    return ensure_home().add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc"))


def log_in(page, live_server, user):
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


@pytest.mark.parametrize(
    "path",
    ["/admin/pages/add/portal/newspage/{news}/", "/admin/snippets/courses/course/add/"],
)
def test_typing_a_vietnamese_title_prefills_its_slug(page, live_server, news, path, tmp_path):
    log_in(page, live_server, UserFactory(is_staff=True, is_superuser=True))
    page.goto(path.format(news=news.pk))
    page.locator("#id_title").press_sequentially(TITLE)
    page.locator("#id_title").blur()
    # Wagtail's sync controller waits a moment (debounce) before it fills the slug.
    expect(page.locator("#id_slug")).to_have_value(SLUG)
    folder = Path(os.environ.get("E2E_ARTEFACTS") or tmp_path) / "admin-slugs"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{path.split('/')[3]}.png"), full_page=True)


def test_the_home_page_panel_in_a_browser(page, live_server, news, tmp_path):
    log_in(page, live_server, UserFactory(is_staff=True, is_superuser=True))
    page.goto("/admin/")
    assert "Việc cần làm hôm nay" in page.content()
    folder = Path(os.environ.get("E2E_ARTEFACTS") or tmp_path) / "admin-slugs"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "home.png"), full_page=True)
