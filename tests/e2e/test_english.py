"""A reader on a phone (390 px) opens a Vietnamese article, switches to English, reads its
translation and the English news; axe-core finds no serious or critical violation on the English
pages (390 px and 1366 px). Screenshots: set E2E_SCREENSHOTS to a folder."""

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.browsing import browser_context
from tests.portal.rendition_files import _close_rendition_files  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("E2E_SCREENSHOTS")
BLOCKING = {"serious", "critical"}
VI_ARTICLE = "/tin-tuc/ke-hoach-cai-cach-hanh-chinh-nam-2026/"
EN_ARTICLE = "/en/news/2026-administrative-reform-plan/"
EN_TITLE = "An Lac province adopts its 2026 administrative reform plan"


@pytest.fixture
def portal_demo(demo_data):
    demo_data("portal")


def new_page(browser, live_server, width, height):
    context = browser_context(browser, live_server, width, height)
    return context, context.new_page()


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"english-{name}.png"), full_page=True)


def test_reader_switches_to_english_on_a_phone(browser, live_server, portal_demo):
    context, page = new_page(browser, live_server, 390, 844)
    page.goto(VI_ARTICLE)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kế hoạch cải cách hành chính")
    shot(page, "phone-vi-article")

    page.get_by_role("button", name="Danh mục").click()
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"**{EN_ARTICLE}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(EN_TITLE)
    expect(page.locator(".brand-site")).to_have_text("Administrative Reform Portal")
    # The category exists only in Vietnamese: marked so.
    expect(page.locator('.breadcrumb a[lang="vi"]')).to_have_count(1)
    shot(page, "phone-en-article")

    page.get_by_role("button", name="Menu").click()
    page.locator("#main-nav").get_by_role("link", name="News", exact=True).click()
    page.wait_for_url("**/en/news/")
    expect(page.get_by_role("link", name=EN_TITLE)).to_be_visible()
    expect(page.get_by_text("Tỉnh An Lạc ban hành Kế hoạch")).to_have_count(0)
    shot(page, "phone-en-news")

    page.goto("/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Latest news")).to_be_visible()
    more = page.locator(".home-untranslated")
    expect(more.get_by_role("heading", name="More news in Vietnamese")).to_be_visible()
    expect(more.locator('article[lang="vi"]').first).to_be_visible()
    shot(page, "phone-en-home")

    # And back: the Vietnamese button returns to the Vietnamese article from its translation.
    page.goto(EN_ARTICLE)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_url(re.compile(re.escape(VI_ARTICLE) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    context.close()


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)])
def test_english_pages_have_no_serious_accessibility_problem(
    browser, live_server, portal_demo, width, height
):
    axe = Axe()
    context, page = new_page(browser, live_server, width, height)
    problems = []
    for name, url in [
        ("home", "/en/"),
        ("news", "/en/news/"),
        ("article", EN_ARTICLE),
        ("about", "/en/about/"),
    ]:
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in BLOCKING:
                targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
                problems.append(f"{name} @ {width}px: {violation['id']} -> {targets}")
        shot(page, f"axe-{width}-{name}")
    context.close()
    assert problems == []
