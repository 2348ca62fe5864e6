"""End to end in Chromium: a civil servant enters, takes a timed round with a reload in the
middle and sees the score; an organizer imports an .xlsx bank and publishes results."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook

from contests import services
from contests.importers import HEADERS
from contests.models import Answer, Attempt, Question, Round
from tests.contests.factories import (
    EntrantGroupFactory,
    EntryFactory,
    QuestionFactory,
    RoundFactory,
    quota,
)
from tests.factories import UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, user, admin=False):
    """`user` logged in in the browser; `admin`: with TOTP and the second factor given."""
    client = Client()
    if admin:
        admin_client(client, user)
    else:
        client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_civil_servant_takes_a_timed_round_with_a_reload(page, live_server):
    group = EntrantGroupFactory(contest__title="Hội thi tìm hiểu cải cách hành chính 2026")
    RoundFactory(contest=group.contest, title="Tuần 3", question_count=4, time_limit_minutes=10)
    for _ in range(4):
        QuestionFactory()
    person = UserFactory(full_name="Lê Thị Mai")
    log_in(page, live_server, person)

    page.goto(group.contest.get_absolute_url())
    page.get_by_role("link", name="Đăng ký dự thi").click()
    page.get_by_label("Tôi đồng ý cho xử lý dữ liệu cá nhân của mình").check()
    page.get_by_role("button", name="Đăng ký").click()
    page.get_by_text("Bạn đã đăng ký dự thi").first.wait_for()
    page.get_by_role("button", name="Bắt đầu làm bài").click()

    # The countdown script takes over the server's remaining seconds and shows minutes.
    page.locator("#quiz-countdown", has_text="phút").wait_for()
    questions = page.locator("fieldset.quiz-question")
    assert questions.count() == 4
    questions.nth(0).locator("input").nth(1).check()
    page.locator("#quiz-status", has_text="Đã lưu").wait_for()
    questions.nth(1).locator("input").nth(2).check()
    page.locator("#quiz-status", has_text="Đã lưu").wait_for()
    attempt = Attempt.objects.get()
    assert Answer.objects.filter(attempt=attempt).count() == 2

    page.reload()  # the connection drops, the person comes back: nothing is lost
    questions = page.locator("fieldset.quiz-question")
    assert questions.nth(0).locator("input").nth(1).is_checked()
    assert questions.nth(1).locator("input").nth(2).is_checked()
    questions.nth(2).locator("input").nth(0).check()
    page.locator("#quiz-status", has_text="Đã lưu").wait_for()
    page.locator("#prediction").fill("12")
    page.locator("#prediction").blur()
    page.locator("#quiz-status", has_text="Đã lưu").wait_for()

    # "Nộp bài" opens the summary step; its own button submits.
    page.get_by_role("button", name="Nộp bài", exact=True).click()
    page.get_by_role("button", name="Nộp bài ngay").click()
    page.locator("#quiz-score").wait_for()
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.prediction == 12
    assert f"{attempt.correct_count}/4" in page.locator("#quiz-score").inner_text()


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_organizer_imports_a_bank_and_publishes_results(page, live_server):
    organizer = UserFactory(is_staff=True, is_superuser=True, full_name="Phạm Văn Đức")
    log_in(page, live_server, organizer, admin=True)

    rows = [
        [
            f"Câu hỏi nhập số {n}: cơ quan nào tiếp nhận hồ sơ một cửa?",
            "Cải cách thủ tục hành chính",
            "Dễ",
            "Tất cả",
            "Một đáp án",
            "Bộ phận Một cửa",
            "Phòng Kế toán",
            "Ban Thanh tra",
            "Văn thư",
            "A",
            "",
            "Nghị định số 118/2025/NĐ-CP",
        ]
        for n in range(1, 6)
    ]
    page.goto("/admin/cuoc-thi/nhap-cau-hoi/")
    page.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "ngan-hang.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": xlsx_bytes(rows),
            }
        ]
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.locator("#import-preview").wait_for()
    assert page.locator("#import-preview tbody tr").count() == 5
    page.get_by_role("button", name="Lưu tất cả câu hỏi").click()
    page.get_by_text("Đã thêm 5 câu hỏi").first.wait_for()
    assert Question.objects.filter(status=Question.Status.DRAFT).count() == 5

    # A round that just closed, with two entrants.
    Question.objects.update(status=Question.Status.APPRAISED)
    group = EntrantGroupFactory()
    round_ = RoundFactory(
        contest=group.contest, question_count=2, predicts=Round.Predicts.PARTICIPANTS
    )
    quota(round_, group, first=1, second=1, third=0, consolation=0)
    winner = EntryFactory(group=group, full_name="Nguyễn Thị Thu")
    runner = EntryFactory(group=group, full_name="Trần Văn Bình")
    for entry, right in ((winner, True), (runner, False)):
        attempt = services.start_attempt(round_, entry.person)
        for index, (question_id, choice_ids, _) in enumerate(attempt.draw):
            correct = [
                c.pk for c in Question.objects.get(pk=question_id).choices.all() if c.is_correct
            ]
            services.save_answer(
                attempt.pk,
                entry.person,
                question_id,
                correct if right or index == 0 else [c for c in choice_ids if c not in correct][:1],
            )
        services.submit(attempt.pk, entry.person)
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - timedelta(seconds=1))

    page.goto(f"/admin/cuoc-thi/vong-thi/{round_.pk}/ket-qua/")
    page.get_by_role("button", name="Tính kết quả").click()
    page.locator("#prize-preview", has_text="Nguyễn Thị Thu").wait_for()
    page.get_by_role("button", name="Công bố kết quả").click()
    # Publishing asks first, naming the round, the entrants and the prizes made public.
    page.get_by_text("2 người dự thi").wait_for()
    # The native button and link are reachable and work from the keyboard.
    page.get_by_role("link", name="Không, quay lại").focus()
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Đồng ý, công bố kết quả"
    page.keyboard.press("Enter")
    page.get_by_text("Đã công bố kết quả").first.wait_for()
    page.locator("#results-published").wait_for()

    page.goto(f"/cuoc-thi/{group.contest.slug}/vong/{round_.pk}/ket-qua/")
    page.get_by_role("heading", name="Danh sách đạt giải").wait_for()
    winners = page.locator("table").first.inner_text()
    assert "Nguyễn Thị Thu" in winners and "Giải Nhất" in winners
    assert "Trần Văn Bình" in winners and "Giải Nhì" in winners
    assert page.locator("figure.bar-chart", has_text="Số lượt dự thi theo khoảng điểm").count() == 1
