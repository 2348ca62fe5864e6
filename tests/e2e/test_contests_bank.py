"""End to end in Chromium: an organizer filters the question bank, appraises several questions at
once (their own one is skipped by name), previews a question as entrants see it, is refused a
round the bank cannot fill, and enters a prediction's true value before computing results."""

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contests.models import Area, Audience, Question, Round
from tests.contests.factories import EntrantGroupFactory, QuestionFactory, RoundFactory
from tests.e2e.test_contests_flow import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("E2E_SHOTS", "")


def shot(page, name, full_page=True):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=full_page)


def test_organizer_manages_the_bank_and_is_refused_a_round_it_cannot_fill(page, live_server):
    organizer = UserFactory(is_staff=True, is_superuser=True, full_name="Phạm Văn Đức")
    colleague = UserFactory(full_name="Lê Thị Soạn")
    for n in range(3):
        QuestionFactory(
            status=Question.Status.DRAFT,
            author=colleague,
            text=f"Câu {n + 1}: hồ sơ trực tuyến toàn trình nộp ở đâu?",
            difficulty=Question.Difficulty.EASY,
        )
    QuestionFactory(
        status=Question.Status.DRAFT,
        author=organizer,
        text="Câu tự soạn: Bộ phận Một cửa thuộc cơ quan nào?",
        difficulty=Question.Difficulty.EASY,
    )
    QuestionFactory(text="Câu đã thẩm định ở lĩnh vực khác?", area=Area.DIGITAL)
    log_in(page, live_server, organizer, admin=True)

    # Filter the drafts of procedures, tick them all, appraise in one go.
    page.goto("/admin/snippets/contests/question/?status=draft&area=procedures")
    shot(page, "bank-listing-filtered")
    rows = page.locator("#listing-results table.listing tbody tr")
    expect(rows).to_have_count(4)
    page.locator("#listing-results thead input[type=checkbox]").check()
    footer = page.locator("[data-bulk-action-footer]")
    expect(footer).to_be_visible()
    shot(page, "bank-listing-selected")
    footer.get_by_role("link", name="Thẩm định các câu hỏi đã chọn").click()
    expect(page.locator("#bulk-questions li")).to_have_count(4)
    expect(page.locator("#bulk-questions")).to_contain_text("Sẽ bỏ qua")
    shot(page, "bulk-appraise-confirm")
    page.get_by_role("button", name="Có, thẩm định").click()
    expect(page.get_by_text("Đã thẩm định 3 câu hỏi.")).to_be_visible()
    expect(page.get_by_text("Chưa thẩm định câu “Câu tự soạn")).to_be_visible()
    shot(page, "bulk-appraise-done")
    assert Question.objects.filter(status=Question.Status.APPRAISED).count() == 4

    # The question as an entrant sees it: nothing marked correct.
    question = Question.objects.filter(author=colleague).first()
    page.goto(f"/admin/cuoc-thi/cau-hoi/{question.pk}/xem-nhu-thi-sinh/")
    expect(page.locator("fieldset.quiz-question legend")).to_contain_text(question.text)
    expect(page.locator("fieldset.quiz-question input")).to_have_count(4)
    shot(page, "preview-as-entrant")

    # A round asking for a hard question the bank does not have is not saved.
    servants = EntrantGroupFactory(name="Cán bộ, công chức", audience=Audience.CIVIL_SERVANTS)
    EntrantGroupFactory(contest=servants.contest, name="Người dân", audience=Audience.PUBLIC)
    round_ = RoundFactory(contest=servants.contest, title="Tuần 5")
    page.goto(f"/admin/snippets/contests/round/edit/{round_.pk}/")
    page.get_by_role("button", name="Ma trận đề").first.wait_for()
    add = page.locator("#id_blueprint-ADD")
    add.click()
    add.click()
    page.locator("#id_blueprint-0-area").select_option("procedures")
    page.locator("#id_blueprint-0-difficulty").select_option("easy")
    page.locator("#id_blueprint-0-count").fill("2")
    page.locator("#id_blueprint-1-area").select_option("procedures")
    page.locator("#id_blueprint-1-difficulty").select_option("hard")
    page.locator("#id_blueprint-1-count").fill("1")
    page.get_by_role("button", name="Lưu").first.click()
    expect(
        page.get_by_text("thiếu 1 câu khó lĩnh vực “Cải cách thủ tục hành chính”").first
    ).to_be_visible()
    shot(page, "round-refused", full_page=False)
    page.locator("#id_blueprint-1-count").scroll_into_view_if_needed()
    shot(page, "round-blueprint-lines", full_page=False)
    assert not round_.blueprint.exists()


def test_organizer_enters_the_true_value_before_computing(page, live_server):
    organizer = UserFactory(is_staff=True, is_superuser=True, full_name="Phạm Văn Đức")
    group = EntrantGroupFactory()
    now = timezone.now()
    round_ = RoundFactory(
        contest=group.contest,
        opens_at=now - timedelta(days=8),
        closes_at=now - timedelta(days=1),
        predicts=Round.Predicts.ENTERED,
        prediction_question="Năm nay tỉnh tiếp nhận bao nhiêu hồ sơ trực tuyến?",
    )
    log_in(page, live_server, organizer, admin=True)
    page.goto(f"/admin/cuoc-thi/vong-thi/{round_.pk}/ket-qua/")
    page.get_by_role("button", name="Tính kết quả").click()
    expect(page.get_by_text("Hãy nhập đáp án câu dự đoán trước khi tính kết quả")).to_be_visible()
    page.get_by_role("textbox", name="Đáp án câu dự đoán").fill("12.500")
    page.get_by_role("button", name="Lưu đáp án câu dự đoán").click()
    expect(page.locator("#truth-history")).to_contain_text("Phạm Văn Đức")
    page.get_by_role("button", name="Tính kết quả").click()
    expect(page.get_by_text("Đã tính kết quả")).to_be_visible()
    shot(page, "truth-entered")
    round_.refresh_from_db()
    assert round_.prediction_truth == 12500


def test_an_imported_formatted_question_is_edited_as_formatted_text(page, live_server):
    organizer = UserFactory(is_staff=True, is_superuser=True, full_name="Phạm Văn Đức")
    question = QuestionFactory(status=Question.Status.DRAFT, with_choices=[0])
    Question.objects.filter(pk=question.pk).update(
        text="<p>Theo <b>Nghị định</b> 118, H<sub>2</sub>O là gì?</p>"
    )
    question.choices.filter(sort_order=0).update(text="<i>Nước</i>")
    log_in(page, live_server, organizer, admin=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/snippets/contests/question/edit/{question.pk}/")
    text_panel = page.locator("[data-contentpath='text']").first  # the choices' come after
    editor = text_panel.locator(".public-DraftEditor-content")
    expect(editor).to_contain_text("Theo Nghị định 118, H2O là gì?")
    expect(editor.locator("text=Nghị định")).to_have_css("font-weight", "700")
    expect(text_panel).not_to_contain_text("<b>")
    shot(page, "question-editor-formatted")
    # Typing in it keeps the formatting that was there.
    editor.click()
    page.keyboard.press("End")
    page.keyboard.press("Shift+Home")
    expect(page.get_by_role("button", name="Gạch chân").first).to_be_visible()
    shot(page, "question-editor-toolbar", full_page=False)
    page.keyboard.press("End")
    page.keyboard.type(" Trả lời")
    expect(editor).to_contain_text("là gì? Trả lời")
    # Draftail writes its hidden input a moment after the keys (a person is slower than this).
    expect(page.locator("input[name=text]")).to_have_value(re.compile("Trả lời"))
    page.get_by_role("button", name="Lưu").first.click()
    expect(page.locator(".messages")).to_contain_text("Đã cập nhật Câu hỏi")
    question.refresh_from_db()
    assert question.text.startswith("<p>Theo <b>Nghị định</b> 118, H<sub>2</sub>O")
    assert "Trả lời" in question.text
    assert question.choices.get(sort_order=0).text == "<i>Nước</i>"
