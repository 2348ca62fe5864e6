"""A reader searches without tone marks on a phone: one ranked list of news and courses, facets
to narrow it, the accented form offered, and nothing wider than the screen."""

import os
import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale, Page, Site

from portal.models import HomePage, NewsIndexPage
from tests.portal.factories import make_news

SHOTS = os.environ.get("E2E_SHOTS", "")


@pytest.fixture
def content(transactional_db):
    # A transactional test before this one may have emptied the tables, Wagtail's root and
    # default locale included (they come from Wagtail's migrations).
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
    make_news(
        index,
        title="Đường dây nóng tiếp nhận phản ánh về thủ tục hành chính",
        lead="Người dân gọi đường dây nóng của tỉnh để phản ánh chậm trễ trong giải quyết hồ sơ.",
        body=[],
    )
    make_news(
        index,
        title="Sở Nội vụ công bố số điện thoại mới",
        lead="Từ tháng 12, đường dây nóng của Sở chuyển sang số mới, trực cả ngày nghỉ.",
        body=[],
    )
    from tests.courses.factories import CourseFactory

    CourseFactory(title="Lớp kỹ năng trực đường dây nóng", slug="lop-duong-day-nong")


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_search_on_a_phone(phone_page, content):
    page = phone_page
    page.goto("/tim-kiem/")
    page.get_by_label("Từ cần tìm").fill("duong day nong")
    page.get_by_role("button", name="Tìm kiếm", exact=True).last.click()
    page.wait_for_url(re.compile(r"[?&]q=duong"))
    results = page.locator(".search-results > li")
    expect(results).to_have_count(3)
    expect(page.get_by_role("status")).to_contain_text("3 kết quả")
    # The phrase in the title ranks first, its words marked.
    first = results.first.get_by_role("link")
    expect(first.locator("mark").first).to_have_text("Đường dây nóng")
    expect(page.get_by_role("link", name="đường dây nóng", exact=True)).to_be_visible()
    facets = page.get_by_role("navigation", name="Loại kết quả")
    expect(facets.get_by_role("link", name="Tất cả 3")).to_have_attribute("aria-current", "true")
    shot(page, "search-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    facets.get_by_role("link", name="Khóa học 1").click()
    page.wait_for_url(re.compile(r"loai=course"))
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Lớp kỹ năng trực đường dây nóng")
    shot(page, "search-phone-courses")

    page.get_by_role("link", name="đường dây nóng", exact=True).click()
    page.wait_for_url(re.compile(r"q=%C4%91"))
    expect(page.locator(".search-suggestion")).to_have_count(0)
    expect(page.get_by_label("Từ cần tìm")).to_have_value("đường dây nóng")
