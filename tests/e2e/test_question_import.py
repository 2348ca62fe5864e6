"""An organizer checks a GIFT file with good and bad questions, downloads the refused ones and
imports the good ones, on a desktop and on a phone."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from contests.models import Question
from tests.factories import UserFactory
from tests.helpers import admin_client

GIFT = """// Ngân hàng câu hỏi thử
$CATEGORY: $course$/top/Cải cách thủ tục hành chính

::Q1:: [html]<p>Cơ quan nào <b>tiếp nhận</b> hồ sơ một cửa?</p> {
  =Bộ phận Một cửa#Đúng.
  ~Phòng Kế toán
####Nghị định 118/2025/NĐ-CP.}

Hồ sơ trễ hẹn phải có văn bản xin lỗi. {T}

Hãy trình bày ý kiến về cải cách hành chính. {}

Hai cộng hai bằng {#4}

Khối chưa đóng {=a ~b
"""


@pytest.fixture
def organizer(transactional_db):
    return UserFactory(is_staff=True, is_superuser=True)


def log_in(page, live_server, user):
    client = admin_client(Client(), user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def shots(tmp_path):
    folder = Path(os.environ.get("E2E_ARTEFACTS") or tmp_path) / "question-import"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_file(page):
    page.goto("/admin/cuoc-thi/nhap-cau-hoi/")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "ngan-hang.gift.txt", "mimeType": "text/plain", "buffer": GIFT.encode()}]
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.locator("#import-preview tbody tr")).to_have_count(5)


def test_partial_import_of_a_gift_file(page, live_server, organizer, tmp_path):
    log_in(page, live_server, organizer)
    check_file(page)
    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("Câu hỏi dạng tự luận chưa được hỗ trợ.")
    expect(preview).to_contain_text("Câu hỏi dạng trả lời bằng số chưa được hỗ trợ.")
    expect(preview).to_contain_text("Cải cách thủ tục hành chính")
    # The formatting shows as formatting, not as tags.
    expect(preview.locator("b", has_text="tiếp nhận")).to_be_visible()
    expect(preview).not_to_contain_text("<b>")
    page.screenshot(path=str(shots(tmp_path) / "preview-desktop.png"), full_page=True)
    preview.screenshot(path=str(shots(tmp_path) / "preview-table.png"))

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về 3 câu hỏi bị từ chối (.xlsx)").click()
    assert download.value.suggested_filename == "cau-hoi-bi-tu-choi.xlsx"

    page.get_by_role("button", name="Chỉ nhập 2 câu hỏi hợp lệ").click()
    expect(page.get_by_text("3 câu hỏi bị từ chối chưa được nhập.")).to_be_visible()
    assert Question.objects.count() == 2


def test_the_preview_fits_a_phone(browser, live_server, organizer, tmp_path):
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport={"width": 390, "height": 844},
        timezone_id="Asia/Ho_Chi_Minh",
    )
    page = context.new_page()
    try:
        log_in(page, live_server, organizer)
        check_file(page)
        page.screenshot(path=str(shots(tmp_path) / "preview-phone.png"), full_page=True)
        # The wide table scrolls inside its own box, which takes keyboard focus to do so.
        box = page.locator(".import-preview-scroll")
        assert box.evaluate("box => box.scrollWidth > box.clientWidth")
        expect(box).to_have_attribute("tabindex", "0")
        sideways = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert sideways <= 1
    finally:
        context.close()
