import re

from portal.cache import CSRF_PLACEHOLDER
from tests.factories import UserFactory

from .factories import make_news


def test_anonymous_pages_come_from_the_cache(client, article, django_assert_num_queries):
    assert client.get(article.url)["X-Portal-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get(article.url)
    assert response["X-Portal-Cache"] == "hit"
    assert article.title in response.content.decode()


def test_publishing_purges_the_cache(client, article, news_index):
    client.get("/")
    assert client.get("/")["X-Portal-Cache"] == "hit"
    make_news(news_index, title="Tin vừa đăng")
    response = client.get("/")
    assert response["X-Portal-Cache"] == "miss"
    assert "Tin vừa đăng" in response.content.decode()


def test_unpublishing_and_editing_purge_the_cache(client, article):
    client.get(article.url)
    assert client.get(article.url)["X-Portal-Cache"] == "hit"
    article.title = "Tiêu đề đã sửa"
    article.save_revision().publish()
    assert "Tiêu đề đã sửa" in client.get(article.url).content.decode()
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_each_reader_gets_their_own_csrf_token(client, article):
    from django.test import Client

    first = client.get(article.url).content.decode()
    other = Client()
    second = other.get(article.url)
    assert second["X-Portal-Cache"] == "hit"
    html = second.content.decode()
    assert CSRF_PLACEHOLDER not in html
    token_first = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first).group(1)
    token_second = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert token_first != token_second
    assert "csrftoken" in second.cookies
    # The served token works: a comment posted with it passes the CSRF check.
    csrf_client = Client(enforce_csrf_checks=True)
    page = csrf_client.get(article.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = csrf_client.post(
        f"/binh-luan/{article.pk}/",
        {"name": "An", "email": "an@example.com", "body": "Hay", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_signed_in_readers_are_served_cached_pages_with_their_own_menu(client, article):
    client.get(article.url)
    user = UserFactory(full_name="Trần Thị Bích")
    client.force_login(user)
    response = client.get(article.url)
    assert response["X-Portal-Cache"] == "hit"
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    assert "<summary>Trần Thị Bích</summary>" in html
    assert "Đăng nhập</a>" not in html


def test_approving_a_comment_purges(client, article):
    from portal import services
    from portal.models import Comment

    comment = Comment.objects.create(page=article, name="An", email="a@example.com", body="Rất hay")
    client.get(article.url)
    services.moderate_comments([comment.pk], Comment.Status.APPROVED)
    assert "Rất hay" in client.get(article.url).content.decode()


def test_alert_banner_from_settings(client, home, site_settings):
    site_settings.alert_text = "Hệ thống bảo trì tối nay"
    site_settings.alert_level = "danger"
    site_settings.save()
    html = client.get("/").content.decode()
    assert "Hệ thống bảo trì tối nay" in html and 'role="alert"' in html


def test_a_comment_waiting_for_moderation_leaves_the_cache_alone(client, article):
    from portal.models import Comment

    assert client.get(article.url)["X-Portal-Cache"] == "miss"
    Comment.objects.create(page=article, name="An", email="a@example.com", body="Chờ duyệt")
    assert client.get(article.url)["X-Portal-Cache"] == "hit"


def test_a_month_outside_the_calendar_is_not_found(client, news_index):
    for month in ("9999-12", "0001-01", "2026-13", "x"):
        assert client.get(news_index.url, {"thang": month}).status_code == 404


def test_moving_a_page_purges_the_cache(client, article, home, news_index):
    from portal.models import NewsIndexPage

    other_index = NewsIndexPage(title="Thông báo", slug="thong-bao")
    home.add_child(instance=other_index)
    other_index.save_revision().publish()
    assert client.get("/")["X-Portal-Cache"] == "miss"
    assert client.get("/")["X-Portal-Cache"] == "hit"
    old_url = article.url
    client.get(old_url)
    assert client.get(old_url)["X-Portal-Cache"] == "hit"

    article.move(other_index, pos="last-child")

    assert client.get("/")["X-Portal-Cache"] == "miss"
    # The old address no longer serves the cached copy: it redirects to the new one.
    moved = article.__class__.objects.get(pk=article.pk)
    assert moved.url.startswith("/thong-bao/")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == moved.url
    assert client.get(moved.url).status_code == 200


def test_each_cached_page_gets_a_fresh_nonce_matching_its_policy(client, article):
    """A cached article keeps no nonce of its own: each response's nonce is new and is the one
    its Content-Security-Policy allows (else the structured data would be blocked, and a reused
    nonce would let an injected script pass)."""
    nonces = []
    for expected in ("miss", "hit", "hit"):
        response = client.get(article.url)
        assert response["X-Portal-Cache"] == expected
        policy = response["Content-Security-Policy"]
        in_header = re.search(r"'nonce-([^']+)'", policy).group(1)
        in_page = re.findall(r'<script[^>]* nonce="([^"]+)"', response.content.decode())
        assert in_page and set(in_page) == {in_header}
        nonces.append(in_header)
    assert len(set(nonces)) == 3
