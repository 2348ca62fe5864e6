"""The public pages as a reader's browser draws them: WebP pictures with their size known before
they load, no bullet beside a card, a focus ring that stands out (3:1) from whatever it is drawn
on, and a short header on a phone."""

import mimetypes
import os
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from tests.e2e.browsing import browser_context
from tests.portal.rendition_files import _close_rendition_files  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("E2E_SCREENSHOTS")


@pytest.fixture
def site(demo_data):
    """The demo's people, news (with photos) and courses (cards on the home page)."""
    demo_data("accounts", "portal", "courses")


def new_page(browser, live_server, width, height=900):
    context = browser_context(browser, live_server, width, height)

    # The test server does not serve uploads (DEBUG is off): the browser gets them from the
    # storage the test server wrote them to.
    def media(route):
        name = unquote(urlsplit(route.request.url).path).removeprefix(settings.MEDIA_URL)
        if not default_storage.exists(name):
            route.fulfill(status=404)
            return
        with default_storage.open(name) as file:
            body = file.read()
        route.fulfill(body=body, content_type=mimetypes.guess_type(name)[0] or "image/jpeg")

    context.route(f"{live_server.url}{settings.MEDIA_URL}**", media)
    return context, context.new_page()


def luminance(rgb):
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


#: For the element with focus: its outline colour and the first opaque background behind the
#: ring (the ring sits outside the element, so the search starts at its parent).
FOCUS_PROBE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rgb = value => (value.match(/[\\d.]+/g) || []).map(Number);
  let node = el.parentElement, behind = [255, 255, 255];
  while (node) {
    const fill = rgb(getComputedStyle(node).backgroundColor);
    if (fill.length === 3 || (fill.length === 4 && fill[3] === 1)) { behind = fill.slice(0, 3); break; }
    node = node.parentElement;
  }
  return {
    what: el.outerHTML.slice(0, 90),
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    ring: rgb(style.outlineColor).slice(0, 3),
    behind,
  };
}"""


def tab_through(page, presses):
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        probe = page.evaluate(FOCUS_PROBE)
        if probe is None:
            continue
        seen.append(probe)
    return seen


def assert_rings_stand_out(seen):
    assert seen
    weak = [
        (s["what"], round(contrast(s["ring"], s["behind"]), 2))
        for s in seen
        if s["style"] == "none" or s["width"] < 2 or contrast(s["ring"], s["behind"]) < 3
    ]
    assert not weak, weak


def test_focus_ring_stands_out_everywhere_on_the_home_page(browser, live_server, site):
    context, page = new_page(browser, live_server, 1280)
    page.goto("/")
    expect(page.locator(".site-footer")).to_be_visible()
    # Every link and control of the page, header to footer (dark nav and footer included).
    total = page.evaluate(
        "document.querySelectorAll('a[href], button, input:not([type=hidden]), select').length"
    )
    seen = tab_through(page, total + 2)
    assert any(s["behind"] == [18, 38, 63] for s in seen), "the footer links were not reached"
    assert any(s["behind"] == [11, 79, 156] for s in seen), "the blue nav was not reached"
    assert_rings_stand_out(seen)
    context.close()


def test_focus_ring_in_the_phone_menu(browser, live_server, site):
    context, page = new_page(browser, live_server, 390, 844)
    page.goto("/")
    toggle = page.get_by_role("button", name="Danh mục")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert_rings_stand_out([page.evaluate(FOCUS_PROBE)] + tab_through(page, 25))
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_cards_show_no_bullet_and_pictures_are_webp_with_a_size(browser, live_server, site, width):
    context, page = new_page(browser, live_server, width)
    page.goto("/")
    expect(page.locator(".site-footer")).to_be_visible()
    header = page.locator(".site-header")
    if width == 390:
        assert header.bounding_box()["height"] <= 120
    markers = page.evaluate(
        """() => [...document.querySelectorAll('li.card, .cards > li')]
            .filter(li => getComputedStyle(li).listStyleType !== 'none'
                          || parseFloat(getComputedStyle(li.parentElement).paddingLeft) > 0)
            .map(li => li.outerHTML.slice(0, 80))"""
    )
    assert page.locator("li.card").count() > 0
    assert not markers, markers
    pictures = page.locator(".news-card picture img")
    assert pictures.count() > 0
    first = pictures.first
    first.scroll_into_view_if_needed()
    expect(first).to_have_js_property("complete", True)
    assert first.evaluate("img => img.naturalWidth") > 0
    assert first.evaluate("img => img.currentSrc").endswith(".webp")
    for img in pictures.all():
        assert img.get_attribute("width") and img.get_attribute("height")
        assert img.get_attribute("sizes")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"polish-home-{width}.png"), full_page=True)

    page.locator(".news-card-title a").first.click()
    hero = page.locator(".article-hero picture img")
    expect(hero).to_be_visible()
    expect(hero).to_have_js_property("complete", True)
    assert hero.evaluate("img => img.naturalWidth") > 0
    assert hero.evaluate("img => img.currentSrc").endswith(".webp")
    box = hero.bounding_box()
    ratio = int(hero.get_attribute("width")) / int(hero.get_attribute("height"))
    assert box["width"] / box["height"] == pytest.approx(ratio, rel=0.02)
    if width == 390:
        assert header.bounding_box()["height"] <= 120
    context.close()
