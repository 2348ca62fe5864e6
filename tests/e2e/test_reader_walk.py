"""A member of the public on a 390 px phone walks the portal as the state-portal parts join up:
home → documents → a document → the site search (typed without tone marks) → questions and
answers → the English edition, using only the menu and links a person sees."""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.portal.rendition_files import _close_rendition_files  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("E2E_SHOTS", "")
PLAN = "Kế hoạch cải cách hành chính năm 2026"


@pytest.fixture
def demo_site(demo_data):
    demo_data("portal", "legaldocs", "qa", search_index=True)


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"walk-{name}.png"), full_page=True)


def open_menu_link(page, name):
    page.get_by_role("button", name="Danh mục").click()
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name=name, exact=True
    ).click()


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_reader_walks_home_documents_search_questions_and_english(phone, demo_site):
    page = phone
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    assert page.locator("header").first.bounding_box()["height"] <= 120
    shot(page, "1-home")

    # Documents: the register, then the plan, from the menu a phone reader opens.
    open_menu_link(page, "Văn bản")
    expect(page).to_have_url(re.compile(r"/van-ban/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    no_sideways_scroll(page)
    shot(page, "2-documents")
    page.get_by_role("link", name=PLAN).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PLAN)
    expect(page.locator("main")).to_contain_text("05/KH-UBND")
    no_sideways_scroll(page)
    shot(page, "3-document")

    # The site search, typed the way many people type on a phone: without tone marks.
    page.get_by_role("button", name="Danh mục").click()
    search = page.get_by_role("searchbox", name="Tìm kiếm trên cổng")
    search.fill("ke hoach cai cach hanh chinh")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?"))
    results = page.locator("main")
    expect(results.get_by_role("link", name=PLAN).first).to_be_visible()
    no_sideways_scroll(page)
    shot(page, "4-search")

    # Questions and answers: a published one, opened from the list.
    open_menu_link(page, "Hỏi đáp")
    expect(page).to_have_url(re.compile(r"/hoi-dap/$"))
    question = page.get_by_role("link", name="Nộp hồ sơ cấp lại giấy khai sinh trực tuyến ở đâu?")
    expect(question).to_be_visible()
    question.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("giấy khai sinh")
    expect(page.locator("main")).to_contain_text("trực tuyến")
    no_sideways_scroll(page)
    shot(page, "5-question")

    # The English edition, from the language switch in the menu: a screen outside the page tree
    # stays where it is, in English; the portal's name leads to the English home.
    page.get_by_role("button", name="Danh mục").click()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/hoi-dap/\d+/$"))
    page.get_by_role("banner").get_by_role("link", name="Administrative Reform Portal").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("main")).to_contain_text("More news in Vietnamese")
    expect(page.locator("main [lang=vi]").first).to_be_attached()  # Vietnamese parts marked
    no_sideways_scroll(page)
    shot(page, "6-english")
