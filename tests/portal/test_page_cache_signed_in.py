"""The page cache for signed-in readers: one shared copy, each reader's own parts filled in,
nothing of one reader in another's page; purging by page and by list; no lookup for requests
that are never cached."""

import re

import pytest
from django.core.cache import cache as django_cache
from django.test import Client
from django.utils import translation
from wagtail.models import PageViewRestriction

from portal import cache as page_cache
from portal.models import Comment, NewsCategory, PollVote
from tests.factories import UserFactory

from .factories import PollFactory, make_news

HIT, MISS = "hit", "miss"


def status(client, url):
    return client.get(url).get("X-Portal-Cache")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reader_a(db):
    return UserFactory(full_name="Lê Văn Alpha", email="alpha.reader@example.gov.vn")


@pytest.fixture
def reader_b(db):
    return UserFactory(full_name="Phạm Thị Beta", email="beta.reader@example.gov.vn")


def traces(user):
    return [user.full_name, user.email, f"user:{user.pk}"]


# ------------------------------------------------------------------------------------------
# Personal parts
# ------------------------------------------------------------------------------------------


def test_a_signed_in_reader_gets_the_cached_page_with_their_menu_and_prefill(
    article, reader_a, django_assert_num_queries
):
    Client().get(article.url)  # an anonymous reader fills the cache
    client = signed_in(reader_a)
    client.get("/tin-tuc/")  # the account fragment is cached on the first page
    # No query: the session is read from the cache (Redis; without it, the process's memory,
    # written through to the database), and so are the user, the page and the polls voted in.
    with django_assert_num_queries(0):
        response = client.get(article.url)
    assert response["X-Portal-Cache"] == HIT
    html = response.content.decode()
    assert "<summary>Lê Văn Alpha</summary>" in html
    assert 'name="name" value="Lê Văn Alpha"' in html
    assert 'value="alpha.reader@example.gov.vn"' in html
    assert "Đăng nhập</a>" not in html
    for placeholder in (
        page_cache.CSRF_PLACEHOLDER,
        page_cache.NAME_PLACEHOLDER,
        page_cache.EMAIL_PLACEHOLDER,
        page_cache.NONCE_PLACEHOLDER,
    ):
        assert placeholder not in html
    # Every form carries this session's own token (the logout form included).
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) == 1


def test_the_miss_that_fills_the_cache_is_personal_too(article, reader_a):
    response = signed_in(reader_a).get(article.url)
    assert response["X-Portal-Cache"] == MISS
    html = response.content.decode()
    assert "<summary>Lê Văn Alpha</summary>" in html
    assert 'name="name" value="Lê Văn Alpha"' in html


def test_an_anonymous_reader_gets_an_empty_comment_form_and_the_login_link(article):
    html = Client().get(article.url).content.decode()
    assert "Đăng nhập</a>" in html
    assert re.search(r'<input type="text" name="name" value=""', html)
    assert page_cache.NAME_PLACEHOLDER not in html


@pytest.mark.parametrize("first", ["a", "anonymous"])
def test_no_trace_of_one_reader_in_another_readers_page(
    first, article, home, news_index, reader_a, reader_b
):
    """Security: whoever fills the cache, nobody else's name or email appears in a page."""
    PollFactory()
    urls = ["/", news_index.url, article.url]
    filler = signed_in(reader_a) if first == "a" else Client()
    for url in urls:
        assert status(filler, url) == MISS
    client_b = signed_in(reader_b)
    for url in urls:
        response = client_b.get(url)
        assert response["X-Portal-Cache"] == HIT
        html = response.content.decode()
        for trace in traces(reader_a):
            assert trace not in html, (url, trace)
        assert reader_b.full_name in html
        anonymous = Client().get(url).content.decode()
        for trace in traces(reader_a) + traces(reader_b):
            assert trace not in anonymous, (url, trace)
    # Nor in what the cache stores.
    for url in urls:
        with translation.override("vi"):
            stored = django_cache.get(page_cache.cache_key(_fake_request(url)))[0]
        for trace in traces(reader_a) + traces(reader_b):
            assert trace not in stored


def _fake_request(url):
    from django.test import RequestFactory

    return RequestFactory().get(url, HTTP_HOST="testserver")


def test_editors_get_the_page_rendered_for_them_with_the_user_bar(article, admin_user):
    Client().get(article.url)
    client = Client()
    client.force_login(admin_user)
    response = client.get(article.url)
    assert response.get("X-Portal-Cache") is None
    assert "wagtail-userbar" in response.content.decode()
    # ...and nothing of theirs is stored for others.
    assert "wagtail-userbar" not in Client().get(article.url).content.decode()


def test_renaming_a_reader_changes_their_menu_at_once(article, reader_a):
    client = signed_in(reader_a)
    client.get(article.url)
    reader_a.full_name = "Lê Văn Gamma"
    reader_a.save()
    html = client.get(article.url).content.decode()
    assert "<summary>Lê Văn Gamma</summary>" in html


def test_a_message_waiting_is_shown_not_cached(article, reader_a):
    client = signed_in(reader_a)
    client.get(article.url)
    response = client.post(
        f"/binh-luan/{article.pk}/",
        {"name": "Alpha", "email": "alpha.reader@example.gov.vn", "body": "Ý kiến hay"},
        follow=True,
    )
    assert response.get("X-Portal-Cache") is None
    assert "Bình luận của bạn sẽ hiển thị sau khi biên tập viên duyệt" in response.content.decode()
    # The message is shown once; the next page comes from the cache again.
    assert status(client, article.url) == HIT


def test_a_page_behind_a_view_restriction_is_not_shared(article, reader_a):
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = signed_in(reader_a).get(article.url)
    assert response.status_code == 200
    assert response.get("X-Portal-Cache") is None
    anonymous = Client().get(article.url)
    assert anonymous.status_code == 302  # to the login page, not the signed-in reader's copy


# ------------------------------------------------------------------------------------------
# Polls on cached pages
# ------------------------------------------------------------------------------------------


def _vote(client, poll):
    choice = poll.choices.first()
    response = client.post(f"/tham-do/{poll.pk}/binh-chon/", {"choice": choice.pk}, follow=True)
    # The thanks is shown on the results page, as in a browser.
    assert response.redirect_chain[0][1] == 302


@pytest.mark.parametrize("who", ["anonymous", "signed_in"])
def test_a_voter_sees_they_voted_not_the_form_on_the_cached_home_page(who, home, reader_a):
    poll = PollFactory()
    assert status(Client(), "/") == MISS
    voter = Client() if who == "anonymous" else signed_in(reader_a)
    _vote(voter, poll)
    assert PollVote.objects.filter(poll=poll).count() == 1
    response = voter.get("/")
    assert response["X-Portal-Cache"] == HIT
    html = response.content.decode()
    assert f'action="/tham-do/{poll.pk}/binh-chon/"' not in html
    assert "Bạn đã bình chọn trong cuộc thăm dò này" in html
    assert f'href="/tham-do/{poll.pk}/"' in html
    # Someone who has not voted still gets the form from the same copy.
    other = Client().get("/").content.decode()
    assert f'action="/tham-do/{poll.pk}/binh-chon/"' in other
    assert "Bạn đã bình chọn trong cuộc thăm dò này" not in other


def test_the_results_link_shows_the_results(client, home):
    poll = PollFactory()
    html = client.get("/").content.decode()
    link = re.search(r'href="(/tham-do/\d+/)">Xem kết quả', html).group(1)
    results = client.get(link).content.decode()
    assert "poll-bars" in results and poll.question in results


# ------------------------------------------------------------------------------------------
# Purging by page and list
# ------------------------------------------------------------------------------------------


@pytest.fixture
def newsroom(home, news_index, category):
    other_category = NewsCategory.objects.create(name="Chuyển đổi số", slug="chuyen-doi-so")
    x = make_news(news_index, title="Bài X", category=category, tags=["một cửa"])
    y = make_news(news_index, title="Bài Y cùng chuyên mục", category=category)
    z = make_news(news_index, title="Bài Z không liên quan", category=other_category, tags=["số"])
    return {"x": x, "y": y, "z": z, "home": home, "index": news_index}


def _warm(client, urls):
    for url in urls:
        client.get(url)
        assert status(client, url) == HIT, url


def test_publishing_an_article_purges_its_page_and_lists_only(client, newsroom):
    x, y, z = newsroom["x"], newsroom["y"], newsroom["z"]
    category_list = "/tin-tuc/?chuyen-muc=dich-vu-cong"
    urls = [x.url, y.url, z.url, "/", "/tin-tuc/", category_list, "/tin-tuc/?trang=2"]
    _warm(client, urls)
    x.title = "Bài X đã sửa"
    x.save_revision().publish()
    for url in (x.url, y.url, "/", "/tin-tuc/", category_list, "/tin-tuc/?trang=2"):
        assert status(client, url) == MISS, url
    assert status(client, z.url) == HIT
    assert "Bài X đã sửa" in client.get("/").content.decode()


def test_unpublishing_purges_the_lists(client, newsroom):
    x, z = newsroom["x"], newsroom["z"]
    _warm(client, ["/", z.url])
    x.unpublish()
    assert status(client, "/") == MISS
    assert "Bài X" not in client.get("/").content.decode()
    assert status(client, z.url) == HIT


def test_approving_a_comment_purges_that_article_only(client, newsroom):
    from portal import services

    x, z = newsroom["x"], newsroom["z"]
    comment = Comment.objects.create(page=x, name="An", email="an@example.com", body="Rất hay")
    _warm(client, [x.url, z.url, "/"])
    services.moderate_comments([comment.pk], Comment.Status.APPROVED)
    assert status(client, x.url) == MISS
    assert status(client, z.url) == HIT
    assert status(client, "/") == HIT


def test_a_page_purged_while_it_renders_is_not_stored(client, article, monkeypatch):
    """The copy remembers the sequence its rendering started at: a purge during the
    rendering leaves it stale at once."""
    original = page_cache.store

    def purge_then_store(request, state, content, response):
        page_cache.purge(f"page:{article.pk}")
        return original(request, state, content, response)

    monkeypatch.setattr(page_cache, "store", purge_then_store)
    assert status(client, article.url) == MISS
    monkeypatch.setattr(page_cache, "store", original)
    assert status(client, article.url) == MISS
    assert status(client, article.url) == HIT


def test_a_new_poll_purges_the_pages_showing_polls(client, newsroom):
    _warm(client, ["/", newsroom["x"].url])
    PollFactory(question="Câu hỏi mới?")
    assert "Câu hỏi mới?" in client.get("/").content.decode()
    assert status(client, newsroom["x"].url) == MISS


def test_settings_purge_every_page(client, newsroom, site_settings):
    _warm(client, ["/", newsroom["z"].url])
    site_settings.alert_text = "Bảo trì"
    site_settings.save()
    assert status(client, "/") == MISS
    assert status(client, newsroom["z"].url) == MISS


# ------------------------------------------------------------------------------------------
# No lookup for what is never cached
# ------------------------------------------------------------------------------------------


class CountingCache:
    def __init__(self, real):
        self.real = real
        self.calls = []

    def __getattr__(self, name):
        attribute = getattr(self.real, name)
        if not callable(attribute):
            return attribute

        def counted(*args, **kwargs):
            self.calls.append(name)
            return attribute(*args, **kwargs)

        return counted


def count_cache_calls(monkeypatch):
    """Count the cache calls of the page cache, in the portal's middleware and in the shared
    vocabulary it uses (common/page_cache.py: tag versions, the sequence)."""
    from common import page_cache as shared

    counting = CountingCache(page_cache.cache)
    monkeypatch.setattr(page_cache, "cache", counting)
    monkeypatch.setattr(shared, "cache", counting)
    return counting


@pytest.mark.parametrize(
    "method,url",
    [
        ("post", "ARTICLE"),
        ("get", "ARTICLE?preview=1"),
        ("get", "ARTICLE?utm_source=zalo"),
        ("get", "/tim-kiem/?q=cải+cách"),
        ("get", "LOGIN"),
        ("get", "/healthz"),
        ("head", "/tham-do/1/"),
    ],
)
def test_no_cache_lookup_for_requests_never_cached(client, article, monkeypatch, method, url):
    counting = count_cache_calls(monkeypatch)
    from django.urls import reverse

    url = url.replace("ARTICLE", article.url).replace("LOGIN", reverse("account_login"))
    getattr(client, method)(url)
    assert counting.calls == []


def test_a_cached_page_costs_one_cache_call(client, article, reader_a, monkeypatch):
    client.get(article.url)
    reader = signed_in(reader_a)
    reader.get(article.url)
    counting = count_cache_calls(monkeypatch)
    assert client.get(article.url)["X-Portal-Cache"] == HIT
    # The page, the sequence and the versions of the page's tags (those its copy had when this
    # process last saw it), and a signed-in reader's fragment, in one round trip.
    assert counting.calls == ["get_many"]
    assert reader.get(article.url)["X-Portal-Cache"] == HIT
    assert counting.calls == ["get_many", "get_many"]


def test_a_copy_with_other_tags_than_this_process_knew_is_still_checked(
    client, article, monkeypatch
):
    """The tags read with the copy are a guess (the copy's tags when this process last saw
    it): a copy stored by another process, or a guess forgotten, costs a second round trip and
    is served only while its own tags are current."""
    from common import page_cache as shared

    client.get(article.url)
    monkeypatch.setattr(shared, "_hints", {})
    counting = count_cache_calls(monkeypatch)
    assert client.get(article.url)["X-Portal-Cache"] == HIT
    assert counting.calls == ["get_many", "get_many"]
    monkeypatch.setattr(shared, "_hints", {})
    page_cache.purge(f"page:{article.pk}")
    assert client.get(article.url)["X-Portal-Cache"] == MISS


def test_a_session_ended_by_a_password_change_gets_nothing_of_the_account(article, reader_a):
    """The fragment is used without loading the user only while the session's hash matches
    it: a password changed elsewhere (another browser) ends this session at once."""
    client = signed_in(reader_a)
    assert "Lê Văn Alpha" in client.get(article.url).content.decode()
    reader_a.set_password("một mật khẩu khác")
    reader_a.save()
    signed_in(reader_a).get(article.url)  # the new session caches the new fragment
    html = client.get(article.url).content.decode()
    for trace in traces(reader_a):
        assert trace not in html
    assert "Đăng nhập</a>" in html


def test_a_cached_page_is_served_without_resolving_its_address(client, article, monkeypatch):
    """The language middleware asks whether an unprefixed address is a page, which runs it
    through every pattern down to Wagtail's catch-all, and the page cache asks which view it
    names; Django would then resolve it again for the view. The answer is remembered per
    address, and a hit is served before Django resolves it: no resolution at all."""
    from django.urls import get_resolver
    from django.urls.resolvers import URLResolver

    root = get_resolver()
    calls = []
    original = URLResolver.resolve

    def resolve(self, path):
        if self is root:
            calls.append(path)
        return original(self, path)

    client.get(article.url)
    monkeypatch.setattr(URLResolver, "resolve", resolve)
    assert client.get(article.url)["X-Portal-Cache"] == HIT
    assert calls == []
    # Still right for what is not a page: an unknown address is no page, a screen keeps the
    # reader's language.
    assert client.get("/khong-co-trang-nay/").status_code == 404
    assert client.get("/en/").status_code == 200
