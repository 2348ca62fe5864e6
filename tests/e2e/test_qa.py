"""Questions and answers as people use them: a reader on a phone (390 px) sends a question, an
editor answers and publishes it in the Wagtail admin, the reader gets the answer by email and
finds the question in the public list. axe-core finds nothing serious or critical on the new
public pages (list, question, form, form with errors, thank-you) at 390 px and 1366 px."""

import os
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from accounts import roles
from qa.models import Question
from tests.e2e.browsing import browser_context
from tests.factories import UserFactory
from tests.portal.rendition_files import _close_rendition_files  # noqa: F401

from .test_admin_slugs import log_in
from .test_legaldocs import serious_violations
from .test_phones import no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("E2E_SCREENSHOTS")


@pytest.fixture
def site(demo_data):
    demo_data("portal", "qa")


def context_page(browser, live_server, width, height):
    # axe-core is injected by page.evaluate; the site's CSP must not stop it.
    context = browser_context(browser, live_server, width, height, bypass_csp=True)
    return context, context.new_page()


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_a_reader_asks_an_editor_answers_and_publishes(browser, live_server, site):
    mail.outbox.clear()
    context, page = context_page(browser, live_server, 390, 844)
    page.goto("/")
    page.get_by_role("button", name="Danh mục").click()
    page.locator("#main-nav").get_by_role("link", name="Hỏi đáp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hỏi đáp")
    expect(page.locator(".qa-count")).to_have_text("6 câu hỏi")
    page.get_by_role("link", name="Gửi câu hỏi").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gửi câu hỏi, phản ánh")

    # Sent without consent: the form says what to fix and keeps what was typed.
    page.get_by_label("Chủ đề").select_option(label="Cải cách thủ tục hành chính")
    page.get_by_label("Tiêu đề").fill("Làm căn cước cho trẻ em dưới 6 tuổi ở đâu?")
    page.get_by_label("Nội dung câu hỏi, phản ánh").fill(
        "Con tôi 4 tuổi. Tôi có thể đăng ký cấp căn cước cho cháu trực tuyến không?"
    )
    page.get_by_label("Họ và tên").fill("Đặng Thị Hoa")
    page.get_by_label("Email").fill("hoa.dang@example.vn")
    page.get_by_label("Chữ cái đầu họ tên").check()
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.locator(".qa-error-summary")).to_contain_text(
        "Vui lòng đồng ý với cách sử dụng thông tin của bạn trước khi gửi."
    )
    expect(page.get_by_label("Họ và tên")).to_have_value("Đặng Thị Hoa")
    assert no_sideways_scroll(page) is True
    shot(page, "qa-form-errors-390")

    page.get_by_label("Tôi đồng ý để thông tin của tôi được sử dụng như mô tả ở trên.").check()
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Cảm ơn bạn, chúng tôi đã nhận được thư"
    )
    question = Question.objects.get(email="hoa.dang@example.vn")
    expect(page.locator(".qa-reference")).to_contain_text(question.reference)
    shot(page, "qa-thanks-390")
    assert question.status == Question.Status.NEW

    # Not public until an editor publishes it.
    page.goto("/hoi-dap/?q=can+cuoc+tre+em")
    expect(page.locator(".qa-count")).to_have_text("0 câu hỏi")

    # The editor answers and publishes in the admin.
    editor = UserFactory(is_staff=True, full_name="Lê Thị Thu Hằng")
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    admin_context, admin = context_page(browser, live_server, 1366, 900)
    log_in(admin, live_server, editor)
    admin.goto("/admin/")
    admin.get_by_role("link", name="Hỏi đáp").first.click()
    admin.get_by_role("link", name="Làm căn cước cho trẻ em dưới 6 tuổi ở đâu?").click()
    expect(admin.get_by_text("hoa.dang@example.vn")).to_be_visible()
    editor_box = admin.locator(".DraftEditor-root [contenteditable=true]")
    editor_box.click()
    editor_box.fill("Được. Cha mẹ đăng ký trên ứng dụng VNeID, không phải đưa cháu đến.")
    # Draftail writes its hidden input a moment after the last change.
    expect(admin.locator("input[name=answer]")).to_have_value(re.compile("ứng dụng VNeID"))
    shot(admin, "qa-admin-answer")
    admin.get_by_role("button", name="Gửi trả lời và đăng").click()
    admin.wait_for_load_state("load")
    shot(admin, "qa-admin-after")
    expect(admin.get_by_text("Đã gửi câu trả lời cho bạn đọc và đăng lên cổng.")).to_be_visible()
    shot(admin, "qa-admin-list")
    admin_context.close()

    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED
    [message] = [m for m in mail.outbox if m.to == ["hoa.dang@example.vn"]]
    assert "ứng dụng VNeID" in message.body and question.get_absolute_url() in message.body

    # The reader finds it, without tone marks, under the initials chosen.
    page.goto("/hoi-dap/")
    page.get_by_label("Tìm trong hỏi đáp").fill("can cuoc tre em")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator(".qa-count")).to_have_text("1 câu hỏi")
    page.get_by_role("link", name="Làm căn cước cho trẻ em dưới 6 tuổi ở đâu?").click()
    expect(page.locator(".qa-answer")).to_contain_text("ứng dụng VNeID")
    expect(page.locator(".qa-question")).to_contain_text("Đ.T.H.")
    assert no_sideways_scroll(page) is True
    shot(page, "qa-detail-390")
    context.close()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_the_public_pages_pass_axe(browser, live_server, site, width, height):
    context, page = context_page(browser, live_server, width, height)
    published = Question.objects.published().order_by("pk").first()
    problems = []
    for name, url in [
        ("list", "/hoi-dap/"),
        ("list-search", "/hoi-dap/?q=ho+so&chu_de=procedures"),
        ("detail", published.get_absolute_url()),
        ("form", "/hoi-dap/gui-cau-hoi/"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        problems += [(name, *violation) for violation in serious_violations(page)]
        assert no_sideways_scroll(page) is True, name
        shot(page, f"qa-{name}-{width}")
    # The form with its errors, then the thank-you page.
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.locator(".qa-error-summary")).to_be_visible()
    problems += [("errors", *violation) for violation in serious_violations(page)]
    shot(page, f"qa-form-errors-{width}")
    page.get_by_label("Chủ đề").select_option(label="Cải cách thể chế")
    page.get_by_label("Tiêu đề").fill("Câu hỏi thử")
    page.get_by_label("Nội dung câu hỏi, phản ánh").fill("Nội dung thử.")
    page.get_by_label("Họ và tên").fill("Người Thử")
    page.get_by_label("Email").fill("thu@example.vn")
    page.get_by_label("Tôi đồng ý để thông tin của tôi được sử dụng như mô tả ở trên.").check()
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.locator(".qa-reference")).to_be_visible()
    problems += [("thanks", *violation) for violation in serious_violations(page)]
    assert problems == []
    context.close()
