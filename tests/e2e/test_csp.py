"""The Content-Security-Policy in Chromium: walking the public site and the admin on the demo
data produces no violation, and every page carries the policy (strict on the public site, the
admin's own under /admin/). A page that needed an inline script, an inline style or an event
handler the policy does not allow would make this test fail."""

import re

import pytest
from django.urls import reverse

from certificates.models import Certificate
from contests import services as contest_services
from contests.models import Contest
from courses.models import Course
from portal.models import NewsPage
from tests.contests.factories import (
    EntrantGroupFactory,
    EntryFactory,
    QuestionFactory,
    RoundFactory,
)
from tests.helpers import give_mfa, totp_code
from tests.portal.rendition_files import _close_rendition_files  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo12345"
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push([event.effectiveDirective, event.blockedURI, event.sourceFile,
                     event.lineNumber, event.sample].join(" | "));
});
"""


@pytest.fixture
def demo(demo_data, settings):
    settings.DEMO_PASSWORD = PASSWORD
    demo_data(everything=True)


class Walker:
    """Visits pages in one browser context and gathers every CSP violation and console error
    about the policy, with the page it happened on."""

    def __init__(self, page):
        self.page = page
        self.problems = []
        page.context.add_init_script(RECORD_VIOLATIONS)
        page.on(
            "console",
            lambda message: (
                self.problems.append(f"{page.url}: console: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def visit(self, path, *, admin=False):
        response = self.page.goto(path)
        assert response is not None and response.status == 200, (path, response and response.status)
        policy = response.headers.get("content-security-policy", "")
        assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy, path
        if admin:
            assert "'unsafe-inline'" in policy, path
        else:
            # A nonce only where the page used one (the article's structured data).
            assert re.search(r"script-src 'self'( 'nonce-[^']+')?;", policy), (path, policy)
            assert "'unsafe-inline'" not in policy, (path, policy)
        self.page.wait_for_load_state("load")
        self.collect()

    def collect(self):
        for item in self.page.evaluate("window.__csp || []"):
            self.problems.append(f"{self.page.url}: {item}")
        self.page.evaluate("window.__csp = []")


def log_in(page, email, secret=None):
    page.goto("/tai-khoan/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Đăng nhập").click()
    if secret:
        code = page.locator("input[name=code]")
        code.wait_for()
        code.fill(totp_code(secret))
        code.press("Enter")
    page.wait_for_load_state("load")


def test_public_pages_raise_no_violation(page, demo):
    walker = Walker(page)
    article = NewsPage.objects.live().order_by("-date").first()
    course = Course.objects.visible().first()
    contest = Contest.objects.filter(is_published=True).first()
    for path in [
        "/",
        "/tin-tuc/",
        article.url,
        "/tim-kiem/?q=hanh+chinh",
        "/khoa-hoc/",
        course.get_absolute_url(),
        "/cuoc-thi/",
        contest.get_absolute_url(),
        "/chung-nhan/xac-minh/",
        "/tai-khoan/login/",
        "/tai-khoan/signup/",
    ]:
        walker.visit(path)
    # Served a second time from the anonymous page cache: a fresh nonce, still no violation.
    walker.visit(article.url)
    certificate = Certificate.objects.first()
    if certificate is not None:
        walker.visit(certificate.get_verify_url())

    # A civil servant: profile, a quiz attempt with its timer and autosave working.
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=2, time_limit_minutes=10)
    for _ in range(2):
        QuestionFactory()
    entry = EntryFactory(group=group, person__email="thisinh.csp@demo.gov.vn")
    entry.person.set_password(PASSWORD)
    entry.person.save()
    attempt = contest_services.start_attempt(round_, entry.person)
    log_in(page, entry.person.email)
    walker.collect()
    walker.visit(reverse("accounts:profile"))
    walker.visit(reverse("contests:attempt", args=[attempt.pk]))
    page.locator("#quiz-countdown", has_text="phút").wait_for()  # contests.js runs
    page.locator("fieldset.quiz-question").first.locator("input").first.check()
    page.locator("#quiz-status", has_text="Đã lưu").wait_for()  # and autosaves
    walker.collect()
    assert not walker.problems, "\n".join(walker.problems)


def test_admin_pages_raise_no_violation(page, demo):
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.get(email="quantri@demo.gov.vn")
    secret = give_mfa(superuser)
    walker = Walker(page)
    log_in(page, superuser.email, secret)
    walker.collect()
    article = NewsPage.objects.live().first()
    course = Course.objects.first()
    contest = Contest.objects.first()
    for path in [
        "/admin/",
        f"/admin/pages/{article.pk}/edit/",
        reverse(Course.snippet_viewset.get_url_name("list")),
        reverse(Course.snippet_viewset.get_url_name("edit"), args=[course.pk]),
        reverse(Contest.snippet_viewset.get_url_name("list")),
        reverse(Contest.snippet_viewset.get_url_name("edit"), args=[contest.pk]),
        "/admin/images/",
        "/admin/documents/",
        reverse("contests_admin_rounds"),
        reverse("courses_admin:dashboard", args=[course.pk]),
        reverse("courses_admin:registrations", args=[course.pk]),
        "/admin/chung-nhan/cap/",
        "/admin/chung-nhan/in/",
    ]:
        walker.visit(path, admin=True)
    assert not walker.problems, "\n".join(walker.problems)
