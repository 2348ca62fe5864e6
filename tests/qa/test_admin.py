"""Editors in the Wagtail admin: the list with its filters, the answer screen and its decisions
(send, send and publish, publish, don't publish, spam), each emailing the reader where it says
so; people without the questions' permissions get 403 and change nothing."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts import roles
from qa.models import Question
from tests.factories import UserFactory
from tests.helpers import admin_client

from .conftest import make_many, make_question

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/qa/question/"


def edit_url(question):
    return f"{LIST_URL}edit/{question.pk}/"


@pytest.fixture
def editor(client):
    call_command("setup_roles", verbosity=0)
    person = UserFactory(is_staff=True, full_name="Lê Thị Biên Tập")
    person.groups.add(Group.objects.get(name=roles.EDITORS))
    return admin_client(client, person)


@pytest.fixture
def outsider(client):
    """Staff who may enter the admin, without any permission on questions."""
    person = UserFactory(is_staff=True)
    person.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return admin_client(client, person)


def answer_data(action, answer="<p>Trong ngày làm việc.</p>", **changes):
    data = {
        "action": action,
        "kind": "hoi-dap",
        "area": "procedures",
        "title": "Thời hạn cấp lại giấy khai sinh",
        "show_as": "name",
        "answer": answer,
    }
    data.update(changes)
    return data


def rich(text):
    """The Draftail widget's value for a paragraph (what the editor's browser posts)."""
    import json

    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "text": text,
                    "type": "unstyled",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
            ],
            "entityMap": {},
        }
    )


def test_editor_lists_filters_and_searches(editor, vi):
    new = make_question(title="Câu hỏi mới về một cửa")
    done = make_question(title="Câu hỏi đã đăng về VNeID", area="digital", status="published")
    html = editor.get(LIST_URL).content.decode()
    assert new.title in html and done.title in html and new.reference in html
    assert edit_url(new) in html
    html = editor.get(LIST_URL, {"status": "new"}).content.decode()
    assert new.title in html and done.title not in html
    html = editor.get(LIST_URL, {"area": "digital"}).content.decode()
    assert done.title in html and new.title not in html
    html = editor.get(LIST_URL, {"q": new.reference}).content.decode()
    assert new.title in html and done.title not in html


def test_the_list_query_count_does_not_grow(editor, django_assert_max_num_queries):
    make_many(5)
    editor.get(LIST_URL)
    with django_assert_max_num_queries(40) as small:
        editor.get(LIST_URL)
    make_many(200, start=5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        editor.get(LIST_URL)


def test_send_answer_without_publishing_emails_the_reader(
    editor, question, mailoutbox, django_capture_on_commit_callbacks, vi
):
    page = editor.get(edit_url(question))
    assert page.status_code == 200
    assert question.body in page.content.decode() and "hung@example.vn" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(edit_url(question), answer_data("answer", rich("Trong ngày.")))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert "Trong ngày." in question.answer
    [mail] = mailoutbox
    assert "Trong ngày." in mail.body and mail.to == ["hung@example.vn"]
    assert Question.objects.published().count() == 0


def test_send_and_publish_then_take_off(
    editor, question, mailoutbox, django_capture_on_commit_callbacks, client, vi
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            edit_url(question),
            answer_data("publish", rich("Nộp trực tuyến."), title="Cấp lại giấy khai sinh"),
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED
    assert question.title == "Cấp lại giấy khai sinh"
    assert question.answered_by.full_name == "Lê Thị Biên Tập"
    [mail] = mailoutbox
    assert question.get_absolute_url() in mail.body
    editor.post(edit_url(question), {"action": "withhold"})
    question.refresh_from_db()
    assert question.status == Question.Status.NOT_PUBLISHED


def test_publish_an_answered_question(
    editor, question, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(edit_url(question), answer_data("answer", rich("Một.")))
        editor.post(edit_url(question), {"action": "publish_only"})
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED
    assert len(mailoutbox) == 2


def test_an_empty_answer_is_refused_with_a_message(editor, question, mailoutbox, vi):
    response = editor.post(edit_url(question), answer_data("publish", rich("")))
    assert response.status_code == 400
    assert "Hãy viết câu trả lời trước khi gửi." in response.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.NEW and mailoutbox == []


def test_draft_and_spam_send_nothing(
    editor, question, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(edit_url(question), answer_data("save", rich("Nháp.")))
        question.refresh_from_db()
        assert question.status == Question.Status.NEW and "Nháp." in question.answer
        editor.post(edit_url(question), {"action": "spam"})
    question.refresh_from_db()
    assert question.status == Question.Status.SPAM
    assert mailoutbox == []


def test_without_the_permissions_the_screens_refuse(outsider, question, mailoutbox, vi):
    """Wagtail's admin turns a refusal into a redirect to the dashboard with its message (and a
    plain 403 for script requests); either way nothing changes and nobody is emailed."""
    response = outsider.get(edit_url(question), follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert "Bạn không có quyền truy cập vào khu vực này." in response.content.decode()
    assert (
        outsider.get(edit_url(question), HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 403
    )
    response = outsider.post(
        edit_url(question),
        answer_data("publish", rich("Không được.")),
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 403
    assert outsider.post(edit_url(question), {"action": "spam"}).status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.NEW and not question.answer
    assert outsider.get(LIST_URL, HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 403
    assert mailoutbox == []


def test_a_reader_cannot_reach_the_admin(client, user, question):
    client.force_login(user)
    response = client.post(edit_url(question), {"action": "spam"})
    assert response.status_code in (302, 403)
    question.refresh_from_db()
    assert question.status == Question.Status.NEW


def test_editors_and_organizers_have_the_permissions():
    call_command("setup_roles", verbosity=0)
    editors = Group.objects.get(name=roles.EDITORS)
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"view_question", "change_question"} <= codenames
    assert "delete_question" not in codenames
    organizers = Group.objects.get(name=roles.ORGANIZERS)
    assert organizers.permissions.filter(codename="delete_question").exists()


def test_the_today_panel_counts_new_questions(editor, vi):
    from qa import dashboard

    make_question(title="Một")
    make_question(title="Hai")
    make_question(title="Ba", status="published")
    html = editor.get("/admin/").content.decode()
    assert "Câu hỏi của bạn đọc chờ trả lời" in html
    [row] = dashboard.rows(UserFactory(is_superuser=True), None)
    assert row.count == 2 and row.url.endswith("?status=new")
    assert dashboard.rows(UserFactory(), None) == []
