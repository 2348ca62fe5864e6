import io

import pytest
from django.core import mail

from portal import services
from portal.models import Comment
from tests.factories import UserFactory
from tests.helpers import admin_client

LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63, "c" * 63, "d" * 63, "e" * 40]) + ".vn"
VALID = {"name": "Nguyễn Văn An", "email": "an@example.com", "body": "Bài viết rất hữu ích."}


@pytest.fixture
def editor(groups):
    user = UserFactory(email="bientap@example.com", is_staff=True)
    user.groups.add(groups["Biên tập viên"])
    return user


def test_comment_is_held_for_moderation_and_editors_are_told(
    client, article, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/binh-luan/{article.pk}/", VALID)
    assert response.status_code == 302
    # Straight to the thank-you beside the form (the top of the page is off-screen there).
    assert response["Location"] == f"{article.url}#comment-sent"
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["bientap@example.com"]
    assert "chờ duyệt" in mail.outbox[0].subject
    assert "an@example.com" not in mail.outbox[0].body
    page = client.get(article.url).content.decode()
    assert "Bài viết rất hữu ích." not in page
    thanks = "Bình luận của bạn sẽ hiển thị sau khi biên tập viên duyệt"
    form = page[page.index('class="comment-form') :]
    assert thanks in form[: form.index("</form>")]
    assert page.count(thanks) == 1  # not in the banner at the top as well
    assert 'id="comment-sent"' in form


def test_approved_comment_appears_escaped_with_the_count(client, article):
    comment = Comment.objects.create(
        page=article, name="Bạn đọc", email="secret@example.com", body="Đồng ý & ủng hộ <3"
    )
    services.moderate_comments([comment.pk], Comment.Status.APPROVED)
    html = client.get(article.url).content.decode()
    assert "Đồng ý &amp; ủng hộ &lt;3" in html
    assert "secret@example.com" not in html
    assert "Ý kiến bạn đọc (1)" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**VALID, "website": "http://spam.example"}, "không được chấp nhận"),
        ({**VALID, "body": "<script>alert(1)</script>"}, "không được chứa mã HTML"),
        ({**VALID, "body": "x" * 50_000}, "tối đa 3.000 ký tự"),
        ({**VALID, "body": "   "}, "Trường này là bắt buộc"),
        ({**VALID, "email": "not-an-email"}, "email"),
        # A valid address longer than the column (254): PostgreSQL refused the insert (a 500).
        ({**VALID, "email": LONG_EMAIL}, "254"),
    ],
)
def test_bad_comments_get_a_400_and_store_nothing(client, article, data, message):
    response = client.post(f"/binh-luan/{article.pk}/", data)
    assert response.status_code == 400
    assert message in response.content.decode().replace("thư điện tử", "email")
    assert not Comment.objects.exists()


def test_comments_on_unknown_or_draft_articles_are_404(client, news_index):
    from .factories import make_news

    draft = make_news(news_index, title="Nháp", publish=False)
    assert client.post(f"/binh-luan/{draft.pk}/", VALID).status_code == 404
    assert client.post("/binh-luan/999999/", VALID).status_code == 404


def test_per_ip_rate_limit(client, article):
    for _ in range(5):
        assert client.post(f"/binh-luan/{article.pk}/", VALID).status_code == 302
    response = client.post(f"/binh-luan/{article.pk}/", VALID)
    assert response.status_code == 429
    assert Comment.objects.count() == 5
    other = client.post(f"/binh-luan/{article.pk}/", VALID, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_bulk_moderation_in_the_admin(client, article, groups):
    editor = UserFactory(is_staff=True)
    editor.groups.add(groups["Biên tập viên"])
    from django.core.management import call_command

    call_command("setup_roles", stdout=io.StringIO())
    comments = [
        Comment.objects.create(
            page=article, name=f"Người {n}", email="a@example.com", body=f"Ý kiến {n}"
        )
        for n in range(3)
    ]
    admin_client(client, editor)
    listing = client.get("/admin/snippets/portal/comment/?status=pending")
    assert listing.status_code == 200
    ids = "&".join(f"id={c.pk}" for c in comments[:2])
    url = f"/admin/bulk/portal/comment/approve/?{ids}&next=/admin/snippets/portal/comment/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    spam_url = f"/admin/bulk/portal/comment/spam/?id={comments[2].pk}"
    assert client.post(spam_url).status_code == 302
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {
        comments[0].pk: "approved",
        comments[1].pk: "approved",
        comments[2].pk: "spam",
    }
    assert Comment.objects.get(pk=comments[0].pk).moderated_by == editor
    client.logout()
    html = client.get(article.url).content.decode()
    assert "Ý kiến 0" in html and "Ý kiến 1" in html and "Ý kiến 2" not in html


@pytest.mark.parametrize("status", [Comment.Status.APPROVED, Comment.Status.REJECTED])
def test_moderating_one_comment_in_its_edit_form_is_stamped_and_logged(
    client, article, editor, status
):
    from django.core.management import call_command
    from django.test import Client
    from wagtail.models import ModelLogEntry

    call_command("setup_roles", stdout=io.StringIO())
    comment = Comment.objects.create(
        page=article, name="Bạn đọc", email="a@example.com", body="Ý kiến cần duyệt"
    )
    admin_client(client, editor)
    url = f"/admin/snippets/portal/comment/edit/{comment.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": status, "name": "Bạn đọc", "body": "Ý kiến cần duyệt"})
    assert response.status_code == 302

    comment.refresh_from_db()
    assert comment.status == status
    assert comment.moderated_by == editor
    assert comment.moderated_at is not None
    entries = ModelLogEntry.objects.filter(object_id=str(comment.pk))
    entry = entries.get(action=f"portal.comment.{status}")
    assert entry.user == editor
    assert entry.data == {"page": article.pk}
    html = Client().get(article.url).content.decode()
    assert ("Ý kiến cần duyệt" in html) == (status == Comment.Status.APPROVED)

    # Saving again without touching the status is not a new moderation decision.
    moderated_at = comment.moderated_at
    client.post(url, {"status": status, "name": "Bạn đọc", "body": "Ý kiến đã sửa chính tả"})
    comment.refresh_from_db()
    assert comment.moderated_at == moderated_at
    assert entries.filter(action__startswith="portal.comment.").count() == 1


def test_comments_are_part_of_the_personal_data_download(article):
    from portal import personal_data

    user = UserFactory(email="an@example.com")
    Comment.objects.create(page=article, name="An", email="AN@example.com", body="Ý kiến của tôi")
    Comment.objects.create(page=article, name="Bình", email="binh@example.com", body="Khác")
    data = personal_data.export(user)
    assert [row["text"] for row in data["comments"]] == ["Ý kiến của tôi"]
