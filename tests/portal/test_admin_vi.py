"""The editors' screens of the Wagtail admin, and its moderation emails, in Vietnamese (the
catalogue itself is checked in tests/test_wagtail_vi.py)."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from wagtail.models import Page

from accounts import roles
from demo.seeders import portal as demo
from tests.factories import UserFactory
from tests.helpers import admin_client

from .factories import make_news
from .test_workflow import form

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


@pytest.fixture
def superuser(db):
    return UserFactory(email="quantri@example.com", is_staff=True, is_superuser=True)


def test_page_editor_is_vietnamese(client, superuser, article):
    admin_client(client, superuser)
    text = client.get(f"/admin/pages/{article.pk}/edit/", **ENGLISH_BROWSER).content.decode()
    for phrase in ["Lưu bản nháp", "Thao tác khác", "Xuất bản", "Nội dung", "Quảng bá"]:
        assert phrase in text, phrase
    for english in [">Save draft<", ">Publish<", ">Promote<", "More actions"]:
        assert english not in text, english


def test_explorer_shows_vietnamese_status_badges(client, superuser, news_index, article):
    make_news(news_index, title="Bài chưa đăng", publish=False)
    admin_client(client, superuser)
    text = client.get(f"/admin/pages/{news_index.pk}/", **ENGLISH_BROWSER).content.decode()
    assert "đang xuất bản" in text
    assert "bản nháp" in text
    assert ">live<" not in text.replace(" ", "").replace("\n", "")


def test_created_message_is_vietnamese(client, superuser):
    admin_client(client, superuser)
    response = client.post(
        "/admin/snippets/portal/newscategory/add/",
        {
            "name": "Cải cách thể chế",
            "slug": "cai-cach-the-che",
            "description": "",
            "sort_order": 0,
        },
        follow=True,
        **ENGLISH_BROWSER,
    )
    text = response.content.decode()
    assert "Đã tạo" in text
    assert "created." not in text


def test_moderation_email_is_vietnamese(client, home, news_index, groups):
    call_command("setup_roles", stdout=io.StringIO())
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    call_command("setup_roles", stdout=io.StringIO())
    demo.seed_workflow(home)
    editor = UserFactory(email="bientap@example.com", is_staff=True)
    editor.groups.add(groups[roles.EDITORS])
    organizer = UserFactory(email="bantochuc@example.com", is_staff=True)
    organizer.groups.add(groups[roles.ORGANIZERS])
    draft = make_news(news_index, title="Tin chờ duyệt", publish=False)

    admin_client(client, editor)
    mail.outbox.clear()
    client.post(f"/admin/pages/{draft.pk}/edit/", {**form(draft), "action-submit": "1"})

    to_organizer = [message for message in mail.outbox if organizer.email in message.to]
    assert to_organizer, [message.subject for message in mail.outbox]
    message = to_organizer[0]
    assert "đã được gửi duyệt" in message.subject
    assert "submitted" not in message.subject + message.body
