"""End to end in Chromium: after a round an organizer opens the question statistics from the
results screen, then one entrant's attempt for a complaint, on a desktop and on a phone."""

import os

import pytest
from playwright.sync_api import expect

from contests import services
from tests.contests.factories import EntryFactory, QuestionFactory
from tests.contests.test_question_statistics import sit
from tests.contests.test_results import closed_round
from tests.e2e.test_contests_flow import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("E2E_SHOTS", "")


def shot(page, name, full_page=True):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=full_page)


def round_with_attempts():
    from contests.models import Area

    round_, group = closed_round()
    questions = [
        QuestionFactory(
            area=area,
            text=f"Câu {n + 1}: theo quy định hiện hành, hồ sơ thủ tục hành chính trực tuyến "
            "toàn trình được tiếp nhận và trả kết quả qua kênh nào là đúng nhất?",
        )
        for n, area in enumerate([Area.PROCEDURES, Area.PROCEDURES, Area.DIGITAL])
    ]
    for n, score in enumerate((100, 67, 67, 33, 33, 0)):
        picks = dict(zip(questions, [0 if n < 3 else 1, 0 if n % 2 else 2, 0], strict=True))
        sit(round_, EntryFactory(group=group, full_name=f"Nguyễn Thị Dự Thi {n}"), score, picks)
    services.compute_results(round_)
    return round_


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_organizer_reads_the_statistics_and_opens_an_attempt(request, device, live_server):
    page = request.getfixturevalue("page" if device == "desktop" else "phone_page")
    round_ = round_with_attempts()
    organizer = UserFactory(is_staff=True, is_superuser=True, full_name="Phạm Văn Đức")
    log_in(page, live_server, organizer, admin=True)
    page.goto(f"/admin/cuoc-thi/vong-thi/{round_.pk}/ket-qua/")
    page.get_by_role("link", name="Thống kê câu hỏi").click()
    expect(page.locator("#question-statistics")).to_be_visible()
    expect(page.locator(".bar-chart").first).to_be_visible()
    shot(page, f"statistics-{device}")
    if SHOTS:
        page.locator("#question-statistics").screenshot(
            path=os.path.join(SHOTS, f"statistics-table-{device}.png")
        )
    if device == "phone":
        assert no_sideways_scroll(page)
    page.goto(f"/admin/cuoc-thi/vong-thi/{round_.pk}/ket-qua/")
    page.get_by_role("link", name="Xem lượt thi").first.click()
    expect(page.locator("#attempt-questions")).to_be_visible()
    expect(page.locator("#attempt-openings")).to_contain_text("Phạm Văn Đức")
    shot(page, f"attempt-{device}")
    if device == "phone":
        assert no_sideways_scroll(page)


def no_sideways_scroll(page):
    """Neither the page nor Wagtail's main column is wider than the screen."""
    return page.evaluate(
        """() => [document.documentElement, document.querySelector('main')]
            .filter(Boolean).every(el => el.scrollWidth <= window.innerWidth + 1)"""
    )
