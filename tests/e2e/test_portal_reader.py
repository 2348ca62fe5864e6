"""A reader finds an article without tone marks, saves it as PDF, comments and votes; an editor
approves the comment in the admin and it appears."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from accounts import roles
from portal.models import Comment, PollVote
from tests.factories import UserFactory
from tests.helpers import admin_client
from tests.portal.rendition_files import _close_rendition_files  # noqa: F401

ARTICLE = "Trung tâm Phục vụ hành chính công phường Trung Tâm chính thức đi vào hoạt động"


@pytest.fixture
def portal_demo(demo_data):
    demo_data("portal")


def test_reader_and_editor(page, live_server, browser, portal_demo, tmp_path):
    page.goto("/tim-kiem/")
    page.get_by_label("Từ cần tìm").fill("trung tam phuc vu hanh chinh cong")
    page.get_by_role("button", name="Tìm kiếm", exact=True).last.click()
    # The results page replaces the form page: wait for it before looking for the highlight.
    page.wait_for_url(re.compile(r"[?&]q=trung"))
    result = page.get_by_role("link", name=ARTICLE)
    expect(result.locator("mark").first).to_be_visible()
    result.click()
    page.wait_for_url(re.compile(r"/tin-tuc/trung-tam-phuc-vu"))
    assert page.get_by_role("heading", level=1).inner_text() == ARTICLE
    assert "Thứ Hai, 16/03/2026 | 07:30" in page.content()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Lưu PDF").click()
    saved = tmp_path / "bai-viet.pdf"
    download_info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

    page.get_by_label("Họ và tên").fill("Phan Thanh Tâm")
    page.get_by_label("Email").fill("tam@example.com")
    page.locator("#id_body").fill("Trung tâm phục vụ rất chu đáo, cảm ơn phường!")
    page.get_by_role("button", name="Gửi bình luận").click()
    expect(page.get_by_text("sau khi biên tập viên duyệt")).to_be_visible()
    comment = Comment.objects.get(name="Phan Thanh Tâm")
    assert comment.status == Comment.Status.PENDING
    assert (
        "Trung tâm phục vụ rất chu đáo"
        not in page.locator("#binh-luan .comment-list").all_inner_texts()
    )

    poll = page.locator(".poll-box").first
    poll.get_by_label("Hài lòng", exact=True).check()
    poll.get_by_role("button", name="Bình chọn").click()
    expect(page.get_by_text("Cảm ơn bạn đã bình chọn")).to_be_visible()
    expect(page.locator(".poll-bar-fill")).to_have_count(4)
    assert PollVote.objects.count() == 1

    # The editor approves the comment in the admin.
    editor = UserFactory(email="editor-e2e@example.com", is_staff=True)
    from django.contrib.auth.models import Group

    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client = admin_client(Client(), editor)
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    admin = context.new_page()
    admin.goto("/admin/snippets/portal/comment/?status=pending")
    expect(admin.get_by_text("Trung tâm phục vụ rất chu đáo").first).to_be_visible()
    admin.goto(
        f"/admin/bulk/portal/comment/approve/?id={comment.pk}&next=/admin/snippets/portal/comment/"
    )
    admin.get_by_role("button", name="Đồng ý, thực hiện").click()
    admin.wait_for_url(re.compile(r"/admin/snippets/portal/comment/"))
    context.close()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED

    reader = browser.new_context(base_url=live_server.url, locale="vi-VN").new_page()
    reader.goto(comment.page.url)
    expect(
        reader.locator("#binh-luan .comment-list").get_by_text("Trung tâm phục vụ rất chu đáo")
    ).to_be_visible()
    reader.context.close()
