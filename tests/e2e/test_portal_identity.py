"""A reader finds who runs the portal and everything on it: the footer's legal notice and
public-service links, the site map, the list of feeds and the organisation page, at 390 px and
1366 px, with axe finding no serious or critical violation on any of them.

Screenshots: set E2E_SCREENSHOTS to a folder."""

import os

import pytest
from playwright.sync_api import expect

from tests.portal.rendition_files import _close_rendition_files  # noqa: F401

from .test_accessibility import Checker
from .test_phones import context_page

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("E2E_SCREENSHOTS")


@pytest.fixture
def site(demo_data):
    demo_data("portal")


def fits_the_width(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)])
def test_reader_finds_the_agency_site_map_feeds_and_leaders(
    browser, live_server, site, width, height
):
    checker = Checker(width)
    context, page = context_page(browser, live_server, width, height)

    page.goto("/")
    footer = page.locator("footer.site-footer")
    expect(footer.get_by_text("Cơ quan chủ quản:")).to_be_visible()
    expect(footer.get_by_text("Ủy ban nhân dân tỉnh An Lạc")).to_be_visible()
    expect(footer.get_by_text("Người chịu trách nhiệm chính:")).to_be_visible()
    expect(footer.get_by_text("số 25/GP-TTĐT ngày 14/03/2025", exact=False)).to_be_visible()
    expect(footer.get_by_role("link", name="Cổng Dịch vụ công quốc gia")).to_have_attribute(
        "href", "https://dichvucong.gov.vn"
    )
    if SHOTS:
        footer.screenshot(path=os.path.join(SHOTS, f"identity-{width}-footer.png"))

    footer.get_by_role("link", name="Sơ đồ cổng").click()
    expect(page.get_by_role("heading", level=1, name="Sơ đồ cổng")).to_be_visible()
    expect(page).to_have_title("Sơ đồ cổng | Cổng thông tin cải cách hành chính")
    main = page.locator("main")
    for name in ("Tin tức", "Giới thiệu", "Cơ cấu tổ chức", "Khóa học", "Cuộc thi", "Văn bản"):
        expect(main.get_by_role("link", name=name, exact=True).first).to_be_visible()
    assert fits_the_width(page)
    checker.check(page, "site-map")

    main.get_by_role("link", name="Cơ cấu tổ chức", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Cơ cấu tổ chức")).to_be_visible()
    expect(page.get_by_role("heading", name="Trần Minh Khoa")).to_be_visible()
    expect(page.get_by_role("link", name="0290 3822 001")).to_have_attribute(
        "href", "tel:02903822001"
    )
    expect(page.locator(".leader-card")).to_have_count(4)
    assert fits_the_width(page)
    checker.check(page, "organisation")

    page.locator("footer.site-footer").get_by_role("link", name="Kênh RSS").click()
    expect(page.get_by_role("heading", level=2, name="RSS là gì?")).to_be_visible()
    expect(page.get_by_role("link", name="Văn bản mới", exact=True)).to_have_attribute(
        "href", "/van-ban/rss.xml"
    )
    expect(page.get_by_role("link", name="Tất cả tin tức", exact=True)).to_have_attribute(
        "href", "/tin-tuc/rss.xml"
    )
    assert fits_the_width(page)
    checker.check(page, "feeds")

    page.goto("/tin-tuc/?chuyen-muc=dich-vu-cong")
    expect(page).to_have_title("Dịch vụ công | Tin tức | Cổng thông tin cải cách hành chính")
    context.close()

    assert not checker.problems, "\n".join(checker.problems)


def test_printed_article_carries_the_portal_and_agency_names(browser, live_server, site):
    context, page = context_page(browser, live_server, 1366, 900)
    page.goto("/tin-tuc/")
    page.locator("main .news-card-title a").first.click()
    expect(page.locator("article h1")).to_be_visible()
    page.emulate_media(media="print")
    header = page.locator(".site-header")
    expect(header.locator(".brand-agency")).to_have_text("Sở Nội vụ tỉnh An Lạc")
    expect(header.locator(".brand-site")).to_be_visible()
    expect(page.locator(".header-tools")).to_be_hidden()
    expect(page.locator(".main-nav")).to_be_hidden()
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "identity-print-article.png"))
    context.close()
