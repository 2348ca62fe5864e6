"""End to end in Chromium on a 390 px phone: a civil servant reads the notice, starts, answers
with the question navigator, flags one question, opens the summary, goes back and submits."""

import os
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from contests.models import Attempt
from tests.contests.factories import (
    EntrantGroupFactory,
    EntryFactory,
    QuestionFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", tempfile.gettempdir())) / "e2e-screenshots"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"quiznav-{name}.png"))


def test_a_full_attempt_with_the_navigator_on_a_phone(phone, live_server):
    page = phone
    group = EntrantGroupFactory()
    RoundFactory(contest=group.contest, question_count=6, time_limit_minutes=20, grace_seconds=30)
    for _ in range(6):
        QuestionFactory()
    entry = EntryFactory(group=group)
    client = Client()
    client.force_login(entry.person)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )

    page.goto(group.contest.get_absolute_url())
    notice = page.locator(".quiz-notice")
    assert "20 phút" in notice.inner_text() and "Số câu hỏi: 6" in notice.inner_text()
    assert "không thể tạm dừng" in notice.inner_text()
    shot(page, "1-notice")
    page.get_by_role("button", name="Bắt đầu làm bài").click()

    # The clock shows the announced 20 minutes, not 20 minutes plus the 30 s grace.
    clock = page.locator("#quiz-countdown")
    clock.wait_for()
    assert clock.inner_text().startswith(("20 phút", "19 phút"))
    assert page.locator("#quiz-answered").inner_text() == "Đã trả lời 0/6"
    nav = page.get_by_role("navigation", name="Danh sách câu hỏi")
    assert nav.get_by_role("link").count() == 6
    shot(page, "2-start")

    questions = page.locator("fieldset.quiz-question")
    for index in (0, 1, 3):
        nav.get_by_role("link", name=f"Câu {index + 1}, chưa trả lời").click()
        questions.nth(index).locator("input").first.check()
        page.locator("#quiz-status", has_text="Đã lưu").wait_for()
    assert page.locator("#quiz-answered").inner_text() == "Đã trả lời 3/6"
    nav.get_by_role("link", name="Câu 2, đã trả lời").wait_for()

    # Jumping to a question leaves it visible below the sticky bar.
    nav.get_by_role("link", name="Câu 5, chưa trả lời").click()
    bar = page.locator("#quiz-bar").bounding_box()
    legend = questions.nth(4).locator("legend").bounding_box()
    assert legend["y"] >= bar["y"] + bar["height"] - 1, (legend, bar)
    # Flag question 5 for review; the flag survives a reload.
    flag = questions.nth(4).get_by_role("button", name="Đánh dấu xem lại")
    flag.click()
    assert flag.get_attribute("aria-pressed") == "true"
    nav.get_by_role("link", name="Câu 5, chưa trả lời, đã đánh dấu xem lại").wait_for()
    shot(page, "3-flagged")
    page.reload()
    nav.get_by_role("link", name="Câu 5, chưa trả lời, đã đánh dấu xem lại").wait_for()
    assert page.locator("#quiz-answered").inner_text() == "Đã trả lời 3/6"

    # "Nộp bài" opens the summary: unanswered 3, 5, 6; flagged 5.
    page.get_by_role("button", name="Nộp bài", exact=True).click()
    summary = page.locator("#quiz-summary")
    summary.wait_for()
    unanswered = page.locator("#quiz-summary-unanswered a")
    assert unanswered.all_inner_texts() == ["Câu 3", "Câu 5", "Câu 6"]
    assert page.locator("#quiz-summary-flagged a").all_inner_texts() == ["Câu 5"]
    shot(page, "4-summary")

    # Back to question 3 from the summary, answer it, and submit from the summary.
    unanswered.first.click()
    assert summary.is_hidden()
    page.wait_for_function("document.activeElement.name && document.activeElement.type === 'radio'")
    questions.nth(2).locator("input").first.check()
    page.locator("#quiz-status", has_text="Đã lưu").wait_for()
    page.get_by_role("button", name="Nộp bài", exact=True).click()
    assert page.locator("#quiz-summary-unanswered a").all_inner_texts() == ["Câu 5", "Câu 6"]
    page.get_by_role("button", name="Nộp bài ngay").click()
    page.locator("#quiz-score").wait_for()
    attempt = Attempt.objects.get()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert "phút" in page.locator("#quiz-duration").inner_text()
    shot(page, "5-result")
