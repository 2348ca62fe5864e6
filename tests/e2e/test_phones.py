"""On a phone (390 px) the header is a brand line and a "Menu" button, wide tables become cards and
no page scrolls sideways; at 1366 px the header is laid out as before."""

import os
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contests import services as contest_services
from contests.models import Choice, Round
from courses import services as course_services
from tests.contests.factories import (
    EntrantGroupFactory,
    EntryFactory,
    QuestionFactory,
    RoundFactory,
    quota,
)
from tests.courses.factories import CourseFactory
from tests.e2e.browsing import browser_context
from tests.factories import UnitFactory, UserFactory
from tests.portal.rendition_files import _close_rendition_files  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("E2E_SCREENSHOTS")


@pytest.fixture
def site(demo_data):
    demo_data("portal")


def context_page(browser, live_server, width, height, user=None):
    context = browser_context(browser, live_server, width, height, user=user)
    return context, context.new_page()


def published_results():
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=1)
    quota(round_, group, first=1, second=1, third=1, consolation=1)
    QuestionFactory()
    people = []
    for _ in range(4):
        entry = EntryFactory(group=group)
        attempt = contest_services.start_attempt(round_, entry.person)
        question_id, choice_ids, _several = attempt.draw[0]
        right = Choice.objects.get(pk__in=choice_ids, is_correct=True)
        contest_services.save_answer(attempt.pk, entry.person, question_id, [right.pk])
        contest_services.submit(attempt.pk, entry.person)
        people.append(entry.person)
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    round_.refresh_from_db()
    contest_services.compute_results(round_)
    contest_services.publish_results(round_)
    return reverse("contests:results", args=[group.contest.slug, round_.pk]), people[0]


def no_sideways_scroll(page):
    """True, or the elements that stick out on the right (to say what to fix)."""
    wide = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            return [...document.querySelectorAll("body *")]
                .filter(el => el.getBoundingClientRect().right > width + 1)
                .slice(-3).map(el => el.outerHTML.slice(0, 120));
        }"""
    )
    assert not wide, wide
    return True


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_phone_header_menu_and_cards(browser, live_server, site):
    course = CourseFactory(title="Bồi dưỡng kỹ năng cải cách thủ tục hành chính cấp xã")
    results_url, contestant = published_results()
    course_services.register(contestant, course)
    context, page = context_page(browser, live_server, 390, 844, user=contestant)

    page.goto("/")
    header = page.locator(".site-header")
    toggle = page.get_by_role("button", name="Danh mục")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert header.bounding_box()["height"] <= 120
    assert not page.locator("#main-nav").is_visible()
    assert no_sideways_scroll(page)
    shot(page, "phone-home")

    # The keyboard opens the menu; its links, search and language buttons are reachable.
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    news = page.locator("#main-nav").get_by_role("link", name="Tin tức")
    assert news.is_visible()
    assert page.get_by_role("searchbox").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "header-search-q"
    news.focus()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Tin tức"
    shot(page, "phone-menu-open")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")

    for name, url in [
        ("phone-course", reverse("courses:detail", args=[course.slug])),
        ("phone-learning-record", reverse("accounts:learning_record")),
        ("phone-results", results_url),
    ]:
        page.goto(url)
        assert no_sideways_scroll(page), url
        assert header.bounding_box()["height"] <= 120, url
        shot(page, name)
        cards = page.locator("table.stack-table tbody tr")
        if cards.count():
            # A card: cells stacked, each labelled with its column; the table stays a table.
            assert page.locator("table.stack-table").first.get_attribute("role") == "table"
            assert cards.first.evaluate("row => getComputedStyle(row).display") == "block"
    for control in page.locator("input:visible, button:visible, select:visible").all():
        assert control.bounding_box()["height"] >= 44, control.evaluate("c => c.outerHTML")
    context.close()


def test_phone_coordinator_list_is_cards(browser, live_server, site):
    ward = UnitFactory(name="Ủy ban nhân dân phường Trung Tâm")
    coordinator = UserFactory(unit=ward)
    coordinator.coordinated_units.add(ward)
    for name in ("Lâm Văn Tài", "Hồ Thị Mỹ"):
        UserFactory(
            unit=ward, unit_confirmed_at=None, full_name=name, position="Công chức Văn phòng"
        )
    context, page = context_page(browser, live_server, 390, 844, user=coordinator)
    page.goto(reverse("accounts:unit_confirmations"))
    assert no_sideways_scroll(page)
    assert page.get_by_role("row").filter(has_text="Lâm Văn Tài").count() == 1
    shot(page, "phone-unit-confirmations")
    # Check boxes are 24 px squares (WCAG 2.5.8) whose label, the name, is the larger target.
    for control in page.locator("main input[type=checkbox]").all():
        assert control.bounding_box()["height"] >= 24
    for control in page.locator(
        "main input:visible:not([type=checkbox]), main button:visible"
    ).all():
        assert control.bounding_box()["height"] >= 44, control.evaluate("c => c.outerHTML")
    context.close()


def test_phone_without_javascript_shows_the_navigation(browser, live_server, site):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/")
    assert not page.locator(".menu-toggle").is_visible()
    assert page.locator("#main-nav").get_by_role("link", name="Tin tức").is_visible()
    context.close()


def test_desktop_header_unchanged(browser, live_server, site):
    context, page = context_page(browser, live_server, 1366, 900)
    page.goto("/")
    assert not page.locator(".menu-toggle").is_visible()
    assert page.locator("#main-nav").get_by_role("link", name="Tin tức").is_visible()
    assert page.get_by_role("searchbox").is_visible()
    assert no_sideways_scroll(page)
    shot(page, "desktop-home")
    context.close()
