"""axe-core on the pages the civil servants' work touched (home, the course catalogue and its
filters, course, cancel confirmation,
learning record, my contests, the contest entry form with its errors, the quiz notice, a question, the summary, public results, the
coordinator's unit pages, the profile forms), at 390 px and 1366 px: no serious or critical
violation.

axe-core comes bundled in the axe-playwright-python package (nothing is fetched at run time).
No rule is disabled. Screenshots: set E2E_SCREENSHOTS to a folder."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from courses import services as course_services
from tests.contests.factories import (
    EntrantGroupFactory,
    EntryFactory,
    QuestionFactory,
    RoundFactory,
)
from tests.courses.factories import CourseFactory
from tests.factories import UnitFactory, UserFactory
from tests.portal.rendition_files import _close_rendition_files  # noqa: F401

from .test_phones import context_page, published_results

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("E2E_SCREENSHOTS")
#: What must never reach a person: axe's two highest impacts.
BLOCKING = {"serious", "critical"}
AXE = Axe()


@pytest.fixture
def site(demo_data):
    demo_data("portal")


class Checker:
    def __init__(self, width):
        self.width = width
        self.problems = []

    def check(self, page, name):
        """Run axe on the page as it is now and keep its serious and critical violations."""
        results = AXE.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] not in BLOCKING:
                continue
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
            self.problems.append(
                f"{name} @ {self.width}px: {violation['id']} ({violation['impact']}) "
                f"{violation['help']} -> {targets}"
            )
        if SHOTS:
            page.screenshot(
                path=os.path.join(SHOTS, f"axe-{self.width}-{name}.png"), full_page=True
            )

    def visit(self, page, url, name):
        page.goto(url)
        page.wait_for_load_state("load")
        self.check(page, name)


def test_the_checker_can_fail(page):
    """A page with known violations: proves axe ran and the filter keeps them."""
    page.set_content('<html><body><img src="a.png"><input type="text"></body></html>')
    checker = Checker(0)
    checker.check(page, "control")
    assert any("image-alt" in problem for problem in checker.problems), checker.problems


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)])
def test_pages_have_no_serious_or_critical_violations(browser, live_server, site, width, height):
    checker = Checker(width)

    # A civil servant with a course, a contest result and a quiz to start.
    course = CourseFactory(title="Bồi dưỡng kỹ năng cải cách thủ tục hành chính cấp xã")
    results_url, person = published_results()
    course_services.register(person, course)
    group = EntrantGroupFactory()
    RoundFactory(contest=group.contest, question_count=3, time_limit_minutes=20)
    for _ in range(3):
        QuestionFactory()
    EntryFactory(group=group, person=person)

    context, page = context_page(browser, live_server, width, height, user=person)
    checker.visit(page, "/", "home")
    checker.visit(page, reverse("courses:catalogue"), "catalogue")
    checker.visit(page, course.get_absolute_url(), "course")
    checker.visit(page, reverse("courses:cancel", args=[course.slug]), "course-cancel")
    checker.visit(page, reverse("accounts:learning_record"), "learning-record")
    checker.visit(page, reverse("contests:my_entries"), "my-contests")
    checker.visit(page, results_url, "results")
    checker.visit(page, reverse("accounts:profile"), "profile")
    checker.visit(page, reverse("accounts:complete_profile"), "complete-profile")
    other = EntrantGroupFactory()
    checker.visit(page, reverse("contests:enter", args=[other.contest.slug]), "contest-entry")
    page.get_by_label("Số căn cước công dân (CCCD)").fill("12")
    page.locator("main form").get_by_role("button", name="Đăng ký", exact=True).click()
    expect(page.locator(".field-error").first).to_be_visible()
    checker.check(page, "contest-entry-errors")

    checker.visit(page, group.contest.get_absolute_url(), "quiz-notice")
    expect(page.locator(".quiz-notice")).to_be_visible()
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    expect(page.locator("#quiz-countdown")).to_be_visible()
    checker.check(page, "quiz-question")
    page.get_by_role("button", name="Nộp bài", exact=True).click()
    expect(page.locator("#quiz-summary")).to_be_visible()
    checker.check(page, "quiz-summary")
    context.close()

    # A unit coordinator with nominees waiting for approval.
    ward = UnitFactory(name="Ủy ban nhân dân phường Trung Tâm")
    coordinator = UserFactory(unit=ward, full_name="Trần Thị Điều Phối")
    coordinator.coordinated_units.add(ward)
    staff = [UserFactory(unit=ward, position="Công chức Văn phòng") for _ in range(3)]
    approved = CourseFactory(requires_approval=True, title="Hội nghị tập huấn một cửa")
    nominees = course_services.nominate(coordinator, approved, staff[:2])
    context, page = context_page(browser, live_server, width, height, user=coordinator)
    checker.visit(page, reverse("courses:coordinator"), "unit")
    checker.visit(page, reverse("courses:nominate", args=[approved.slug]), "unit-nominate")
    checker.visit(
        page, reverse("courses:withdraw_nomination", args=[nominees[0].pk]), "unit-withdraw"
    )
    context.close()

    assert not checker.problems, "\n".join(checker.problems)
