"""The document register on a phone (390 px): from the home page through the menu to the list,
a filter, a document and its PDF; no sideways scroll, and axe-core finds nothing serious or
critical on the new pages."""

import os

import pytest
from playwright.sync_api import expect

from tests.e2e.browsing import browser_context
from tests.portal.rendition_files import _close_rendition_files  # noqa: F401

from .test_phones import no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("E2E_SCREENSHOTS")


@pytest.fixture
def site(demo_data):
    demo_data("portal", "legaldocs")


@pytest.fixture
def phone(browser, live_server):
    # axe-core is injected by page.evaluate; the site's CSP must not stop it.
    context = browser_context(browser, live_server, 390, 844, bypass_csp=True)
    yield context.new_page()
    context.close()


def serious_violations(page):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    results = axe_module.Axe().run(page)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_phone_reader_finds_a_plan_and_its_pdf(phone, site):
    page = phone
    page.goto("/")
    page.get_by_role("button", name="Danh mục").click()
    page.locator("#main-nav").get_by_role("link", name="Văn bản").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Văn bản chỉ đạo, điều hành")
    expect(page.locator(".register-count")).to_have_text("20 văn bản")
    assert no_sideways_scroll(page)
    assert serious_violations(page) == []
    shot(page, "legaldocs-list")

    # Filter: plans of 2026.
    page.get_by_label("Loại văn bản").select_option(label="Kế hoạch")
    page.get_by_label("Năm").select_option("2026")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url("/van-ban/?q=&loai=ke-hoach&co_quan=&linh_vuc=&nam=2026")
    expect(page.locator(".register-count")).to_have_text("8 văn bản")
    expect(page.get_by_role("link", name="Bỏ lọc")).to_be_visible()

    # Search by number without tone marks or capitals, within the filter.
    page.get_by_label("Số ký hiệu hoặc từ khóa").fill("05/kh-ubnd")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator(".register-count")).to_have_text("1 văn bản")
    page.get_by_role("link", name="05/KH-UBND Kế hoạch cải cách hành chính năm 2026").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("05/KH-UBND")
    expect(page.get_by_text("Còn hiệu lực")).to_be_visible()
    assert no_sideways_scroll(page)
    assert serious_violations(page) == []
    shot(page, "legaldocs-detail")

    # On a phone the PDF opens by its link (phone browsers draw no PDF inside a page).
    open_link = page.get_by_role("link", name="Xem 05/KH-UBND — bản ký số")
    expect(open_link).to_be_visible()
    expect(page.locator(".legaldoc-viewer")).to_be_hidden()
    response = page.request.get(open_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline;")
    assert response.body().startswith(b"%PDF")
    download = page.get_by_role("link", name="Tải xuống 05/KH-UBND — bản ký số")
    assert download.get_attribute("href").endswith("?tai-ve=1")

    # The article about the plan links it.
    page.goto("/tin-tuc/ke-hoach-cai-cach-hanh-chinh-nam-2026/")
    related = page.locator(".block-legal-documents")
    expect(related).to_contain_text("Văn bản liên quan")
    expect(related.get_by_role("link", name="05/KH-UBND")).to_be_visible()


def test_replaced_document_links_its_replacement(phone, site):
    page = phone
    page.goto("/van-ban/1820-qd-ubnd-2025/")
    expect(page.get_by_text("Bị thay thế")).to_be_visible()
    page.locator(".replaced-note").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("145/QĐ-UBND")
    assert serious_violations(page) == []


def test_desktop_shows_the_pdf_in_the_page(page, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/van-ban/05-kh-ubnd-2026/")
    frame = page.locator(".legaldoc-viewer iframe")
    expect(frame).to_be_visible()
    assert frame.get_attribute("title") == "05/KH-UBND — bản ký số"
    assert serious_violations(page) == []
    shot(page, "legaldocs-detail-desktop")
