"""Cached pages in a browser: a voter sees "you have voted" on the cached home page, the
results link shows the results, and two signed-in readers each get their own name in the
same cached article."""

import os

import pytest
from django.core.cache import cache as django_cache
from playwright.sync_api import expect
from wagtail.models import Locale, Page, Site

from portal.models import HomePage, NewsIndexPage
from tests.e2e.browsing import browser_context
from tests.factories import UserFactory
from tests.portal.factories import PollFactory, make_news

SHOTS = os.environ.get("E2E_SHOTS", "")


@pytest.fixture
def site(transactional_db):
    # A transactional test before this one may have emptied the tables, Wagtail's root and
    # default locale included; the cache outlives them.
    django_cache.clear()
    Locale.objects.get_or_create(language_code="vi")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage(title="Trang chủ", slug="trang-chu-e2e")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    index = NewsIndexPage(title="Tin tức", slug="tin-tuc")
    home.add_child(instance=index)
    index.save_revision().publish()
    article = make_news(index, title="Tỉnh đẩy mạnh một cửa liên thông")
    poll = PollFactory(question="Bạn hài lòng với bộ phận một cửa không?")
    return {"article": article, "poll": poll}


def context_for(browser, live_server, width, user=None):
    return browser_context(browser, live_server, width, 900, user=user)


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_voter_sees_they_voted_on_the_cached_home_page(browser, live_server, site, width):
    poll = site["poll"]
    warm = context_for(browser, live_server, width).new_page()
    warm.goto("/")  # another reader fills the cache
    context = context_for(browser, live_server, width)
    page = context.new_page()
    response = page.goto("/")
    assert response.headers.get("x-portal-cache") == "hit"
    box = page.locator(".poll-box")
    expect(box.get_by_role("radio")).to_have_count(3)

    box.get_by_role("link", name="Xem kết quả").click()
    expect(page.locator(".poll-bars")).to_be_visible()
    expect(page.get_by_text("Kết quả đến lúc này:")).to_be_visible()

    page.goto("/")
    page.get_by_label("Hài lòng", exact=True).check()
    page.get_by_role("button", name="Bình chọn").click()
    expect(page.get_by_text("Cảm ơn bạn đã bình chọn")).to_be_visible()

    response = page.goto("/")
    assert response.headers.get("x-portal-cache") == "hit"
    box = page.locator(".poll-box")
    expect(box.get_by_text("Bạn đã bình chọn trong cuộc thăm dò này")).to_be_visible()
    expect(box.get_by_role("radio")).to_have_count(0)
    expect(box.get_by_role("link", name="Xem kết quả")).to_have_attribute(
        "href", f"/tham-do/{poll.pk}/"
    )
    box.scroll_into_view_if_needed()
    shot(page, f"cache-home-voted-{width}")
    # The reader next door still gets the form from the same copy.
    warm.goto("/")
    expect(warm.locator(".poll-box").get_by_role("radio")).to_have_count(3)
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_two_signed_in_readers_get_their_own_name_in_the_same_cached_article(
    browser, live_server, site, width
):
    url = site["article"].url
    alpha = UserFactory(full_name="Lê Văn Alpha", email="alpha@example.gov.vn")
    beta = UserFactory(full_name="Phạm Thị Beta", email="beta@example.gov.vn")
    first = context_for(browser, live_server, width, alpha).new_page()
    first.goto(url)
    expect(first.get_by_label("Họ và tên")).to_have_value("Lê Văn Alpha")

    second = context_for(browser, live_server, width, beta).new_page()
    response = second.goto(url)
    assert response.headers.get("x-portal-cache") == "hit"
    expect(second.get_by_label("Họ và tên")).to_have_value("Phạm Thị Beta")
    expect(second.get_by_label("Email")).to_have_value("beta@example.gov.vn")
    expect(second.locator(".account-menu summary")).to_have_text("Phạm Thị Beta")
    html = second.content()
    assert "Alpha" not in html and "alpha@example.gov.vn" not in html
    second.locator("#binh-luan").scroll_into_view_if_needed()
    shot(second, f"cache-article-signed-in-{width}")

    anonymous = context_for(browser, live_server, width).new_page()
    anonymous.goto(url)
    expect(anonymous.get_by_label("Họ và tên")).to_have_value("")
    # (On a phone the navigation is behind the menu button: its text, not its visibility.)
    expect(anonymous.locator(".nav-account a")).to_have_text("Đăng nhập")
