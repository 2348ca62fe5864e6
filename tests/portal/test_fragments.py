"""Parts of the article page kept in the cache across purges of the page (portal.cache.fragment):
a page purged for one reason (here its own tag, as a new comment or a new related article does)
is rendered again from its kept parts, and each part is dropped when what it shows changes."""

import pytest

from portal.cache import purge
from portal.models import Comment, NewsCategory, Poll, PortalSettings
from tests.factories import UserFactory

from .factories import PollFactory, make_news


def rerender(client, page, *, purged=True):
    """The page rendered again after its own copy was dropped."""
    if purged:
        purge(f"page:{page.pk}")
    response = client.get(page.url)
    assert response.status_code == 200
    return response


@pytest.fixture
def warm(client, article):
    """The article rendered once: its fragments are in the cache."""
    client.get(article.url)
    return article


def test_a_purged_article_is_rendered_again_in_a_few_queries(
    client, news_index, category, django_assert_num_queries
):
    PollFactory()
    pages = [make_news(news_index, title=f"Bài {n}", category=category) for n in range(12)]
    article = pages[0]
    client.get(article.url)
    # The article with its category and image: nothing for the site, the locale, the home
    # page, the news index, view restrictions, the body, comments, related news, translations,
    # the poll or the footer.
    with django_assert_num_queries(1):
        response = rerender(client, article)
    assert response["X-Portal-Cache"] == "miss"
    assert "Bài 1" in response.content.decode()  # a related article, from its fragment


def test_the_kept_article_is_the_same_page(client, warm):
    first = client.get(warm.url).content.decode()
    again = rerender(client, warm).content.decode()
    assert again.count("csrfmiddlewaretoken") == first.count("csrfmiddlewaretoken")
    assert warm.title in again
    assert "__portal_csrf_token__" not in again


def test_an_approved_comment_shows_at_once(client, warm):
    Comment.objects.create(
        page=warm,
        name="Trần Văn Bình",
        email="b@example.com",
        body="Rất hữu ích",
        status=Comment.Status.APPROVED,
    )
    html = rerender(client, warm, purged=False).content.decode()
    assert "Trần Văn Bình" in html
    assert "Rất hữu ích" in html


def test_a_comment_waiting_for_moderation_purges_nothing(client, warm):
    client.get(warm.url)
    Comment.objects.create(page=warm, name="Khách", email="k@example.com", body="Chờ duyệt")
    response = client.get(warm.url)
    assert response["X-Portal-Cache"] == "hit"
    assert "Chờ duyệt" not in response.content.decode()


def test_an_edited_title_shows_at_once(client, warm):
    warm.title = "Tiêu đề mới của bài viết"
    warm.save_revision().publish()
    assert "Tiêu đề mới của bài viết" in client.get(warm.url).content.decode()


def test_a_renamed_category_shows_at_once(client, warm, category):
    category.name = "Dịch vụ công trực tuyến"
    category.save()
    html = client.get(warm.url).content.decode()
    assert "Dịch vụ công trực tuyến" in html


def test_a_new_related_article_shows_at_once(client, warm, news_index, category):
    make_news(news_index, title="Tin cùng chuyên mục vừa đăng", category=category)
    html = rerender(client, warm, purged=False).content.decode()
    assert "Tin cùng chuyên mục vừa đăng" in html


def test_an_unpublished_related_article_goes_at_once(client, news_index, category):
    related = make_news(news_index, title="Tin liên quan sắp gỡ", category=category)
    article = make_news(news_index, title="Bài chính", category=category)
    assert "Tin liên quan sắp gỡ" in client.get(article.url).content.decode()
    related.unpublish()
    assert "Tin liên quan sắp gỡ" not in client.get(article.url).content.decode()


def test_edited_settings_and_service_links_show_at_once(client, warm, site_settings):
    from portal.models import ServiceLink

    site_settings.agency_name = "Sở Nội vụ tỉnh An Lạc mới"
    site_settings.save()
    ServiceLink.objects.create(title="Cổng dịch vụ công mới", url="https://dichvucong.example")
    html = client.get(warm.url).content.decode()
    assert "Sở Nội vụ tỉnh An Lạc mới" in html
    assert "Cổng dịch vụ công mới" in html


def test_a_new_poll_shows_at_once(client, warm):
    assert "poll-box" not in rerender(client, warm).content.decode()
    poll = PollFactory(question="Bạn đánh giá dịch vụ công thế nào?")
    assert poll.question in client.get(warm.url).content.decode()
    Poll.objects.filter(pk=poll.pk).delete()
    assert poll.question not in client.get(warm.url).content.decode()


def test_a_new_site_for_the_host_is_used_at_once(client, warm, home):
    from wagtail.models import Site

    client.get(warm.url)
    other = Site.objects.create(hostname="tinhanlac.example", port=80, root_page=home.get_parent())
    response = client.get(warm.url, HTTP_HOST="tinhanlac.example")
    # The host now has a site of its own (rooted above the home page, where no article is).
    assert response.status_code == 404
    other.delete()
    assert client.get(warm.url, HTTP_HOST="tinhanlac.example").status_code == 200


def test_each_language_has_its_own_fragments(client, article, home, news_index):
    from .factories import translate

    translate(home, title="Home", slug="en")
    translate(news_index, title="News", slug="news")
    english = translate(article, title="An Lac speeds up its reform", slug="reform", lead="Lead.")
    vietnamese = client.get(article.url).content.decode()
    in_english = rerender(client, english).content.decode()
    assert "Reader comments" in in_english and "Reader comments" not in vietnamese
    assert "An Lac speeds up its reform" in in_english
    main = in_english.split("<main", 1)[1].split("</main>", 1)[0]
    assert article.title not in main


def test_signed_in_readers_never_share_their_parts(client, warm):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(UserFactory(full_name="Lê Thị Một"))
    second.force_login(UserFactory(full_name="Phạm Văn Hai"))
    one = rerender(first, warm).content.decode()
    two = rerender(second, warm).content.decode()
    assert "Lê Thị Một" in one and "Lê Thị Một" not in two
    assert "Phạm Văn Hai" in two and "Phạm Văn Hai" not in one
    anonymous = rerender(client, warm).content.decode()
    assert "Lê Thị Một" not in anonymous and "Phạm Văn Hai" not in anonymous


def test_editors_still_get_the_user_bar_and_readers_never(client, warm, admin_user):
    from django.test import Client

    editor_client = Client()
    editor_client.force_login(admin_user)
    assert "wagtail-userbar" in rerender(editor_client, warm).content.decode()
    assert "wagtail-userbar" not in rerender(client, warm).content.decode()


def test_fragments_are_never_read_outside_shared_renders(client, warm, settings):
    # Signed-in readers served without the page cache get the page rendered for them in full.
    settings.PORTAL_PAGE_CACHE_SIGNED_IN = False
    from django.test import Client

    reader = Client()
    reader.force_login(UserFactory(full_name="Đỗ Thị Ba"))
    html = reader.get(warm.url).content.decode()
    assert 'value="Đỗ Thị Ba"' in html  # the comment form, filled for them
    NewsCategory.objects.filter(pk=warm.category_id).update(name="Đổi tên không qua tín hiệu")
    assert "Đổi tên không qua tín hiệu" in reader.get(warm.url).content.decode()
    assert PortalSettings.load()  # the settings row exists for the next renders


def test_a_page_rendered_in_full_has_real_tokens_in_its_shareable_parts(client, article):
    """A reader with a message waiting (just after commenting) gets the page rendered in full:
    the poll box's form must carry a real CSRF token, not the cache's placeholder, or the vote
    is refused."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    PollFactory()
    client.get(article.url)  # the shared parts are kept
    storage = CookieStorage(HttpRequest())
    storage.add(constants.SUCCESS, "Bình luận của bạn sẽ hiện sau khi biên tập viên duyệt.")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    html = client.get(article.url).content.decode()
    assert "sau khi biên tập viên duyệt" in html
    assert "poll-box" in html
    assert "__portal_csrf_token__" not in html


def test_a_section_renamed_or_a_restriction_added_is_seen_at_once(client, warm, news_index):
    from wagtail.models import PageViewRestriction

    old_url = warm.url
    news_index.slug = "tin-tuc-moi"
    news_index.save_revision().publish()
    warm.refresh_from_db()
    assert client.get(warm.url).status_code == 200
    purge(f"page:{warm.pk}")  # the old address's own copy (its tags do not include the index)
    assert client.get(old_url).status_code == 404
    PageViewRestriction.objects.create(page=news_index, restriction_type="login")
    response = client.get(warm.url)
    assert response.status_code == 302  # to the login screen, not the cached page


def test_a_kept_head_carries_each_responses_own_nonce(client, warm):
    """The article's head (with its structured data) is kept: its script's nonce must still be
    the one each response's policy allows, never the nonce of the render that kept it."""
    import re

    nonces = []
    for _turn in range(3):
        response = rerender(client, warm)
        assert response["X-Portal-Cache"] == "miss"
        in_header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        in_page = re.findall(r'<script[^>]* nonce="([^"]+)"', response.content.decode())
        assert in_page and set(in_page) == {in_header}
        nonces.append(in_header)
    assert len(set(nonces)) == 3


def test_an_edited_image_drops_the_pages_and_fragments_showing_it(client, news_index, category):
    from .factories import make_image

    image = make_image("Ảnh minh hoạ")
    related = make_news(news_index, title="Tin có ảnh", category=category, image=image)
    article = make_news(news_index, title="Bài có tin liên quan", category=category, image=image)
    client.get(article.url)
    assert client.get(article.url)["X-Portal-Cache"] == "hit"
    image.title = "Ảnh minh hoạ đã sửa"
    image.save()
    assert client.get(article.url)["X-Portal-Cache"] == "miss"
    assert client.get(related.url).status_code == 200


def _shared_request(rf, path):
    from portal import cache as page_cache

    request = rf.get(path)
    state = page_cache.CacheState("key", page_cache.current_sequence(), None)
    state.shared = True
    request.portal_page_cache = state
    return request, state


def test_a_fragment_that_changes_by_itself_bounds_every_page_reusing_it(rf):
    """A part showing a round that opens at 08:00 is kept no later than 08:00, and a page that
    reuses it is kept no later either (it did not render the part, so it never heard of 08:00)."""
    from datetime import timedelta

    from django.utils import timezone

    from portal import cache as page_cache

    opens = timezone.now() + timedelta(minutes=2)
    first, first_state = _shared_request(rf, "/")

    def render():
        page_cache.expire_at(first, opens)
        return "<p>Mở lúc 08:00</p>"

    assert page_cache.fragment(first, "round-box", ["vòng"], render) == "<p>Mở lúc 08:00</p>"
    assert first_state.expires == opens
    other, other_state = _shared_request(rf, "/khac/")

    def not_again():
        raise AssertionError("rendered again: the kept part was not reused")

    assert page_cache.fragment(other, "round-box", ["vòng"], not_again) == "<p>Mở lúc 08:00</p>"
    assert other_state.expires == opens


def test_a_fragment_whose_moment_has_passed_is_not_kept(rf):
    from datetime import timedelta

    from django.utils import timezone

    from portal import cache as page_cache

    request, _state = _shared_request(rf, "/")
    passed = timezone.now() - timedelta(seconds=1)
    renders = []

    def render():
        renders.append(1)
        page_cache.expire_at(request, passed)
        return "<p>Đã mở</p>"

    page_cache.fragment(request, "round-box", ["vòng"], render)
    page_cache.fragment(request, "round-box", ["vòng"], render)
    assert len(renders) == 2


def test_a_page_rendered_again_reads_its_kept_parts_in_one_cache_call(
    client, news_index, category, monkeypatch
):
    """A purged article rendered again from its kept parts: every part (and the site, the
    section and the view restrictions kept for routing) is read with its tags' versions in one
    round trip, and a tag's version once per request; the tags are read alone only to check
    that the page may be stored."""
    from common import page_cache as shared
    from portal import cache as page_cache

    from .test_page_cache_signed_in import CountingCache

    PollFactory()
    pages = [make_news(news_index, title=f"Bài {n}", category=category) for n in range(6)]
    article = pages[0]
    client.get(article.url)
    purge(f"page:{article.pk}")
    counting = CountingCache(shared.cache)
    keys = []

    def get_many(names, *args, **kwargs):
        keys.append(list(names))
        return counting.real.get_many(names, *args, **kwargs)

    counting.get_many = get_many
    monkeypatch.setattr(page_cache, "cache", counting)
    monkeypatch.setattr(shared, "cache", counting)
    response = client.get(article.url)
    assert response["X-Portal-Cache"] == "miss"
    assert "get" not in counting.calls
    # The page; its parts (as last rendered), read ahead with their tags' versions; and
    # whether the page may be stored.
    assert len(keys) == 3, keys
    parts = [name for name in keys[1] if shared.TAG_PREFIX not in name]
    assert len([name for name in parts if "portal:fragment:" in name]) == 6, parts
    assert len(parts) == 9, parts  # and the site, the section and the view restrictions
    assert all(shared.TAG_PREFIX in name for name in keys[2])
    read = [name for names in keys[:-1] for name in names if shared.TAG_PREFIX in name]
    assert len(read) == len(set(read))
    assert client.get(article.url)["X-Portal-Cache"] == "hit"


def test_parts_read_ahead_are_still_checked_against_their_tags(client, warm):
    """A part read ahead with the page's other parts is served only while its tags are
    current: an approved comment shows at once, from the same round trip."""
    client.get(warm.url)
    Comment.objects.create(
        page=warm,
        name="Đỗ Thị Cúc",
        email="c@example.com",
        body="Đã đọc",
        status=Comment.Status.APPROVED,
    )
    html = client.get(warm.url).content.decode()
    assert "Đỗ Thị Cúc" in html


def test_a_page_is_not_stored_when_what_its_rendering_read_changed_meanwhile(
    client, warm, monkeypatch
):
    """A tag read for a kept value the rendering used (the tree, for the site and the
    sections; never recorded on the page) purged elsewhere while the page renders: the copy is
    served to this reader but not stored."""
    from common import page_cache as shared
    from portal import cache as page_cache

    original = page_cache.make_shareable

    def purged_elsewhere(request, content):
        # Another process purges the tree (not through this request's own purge).
        shared.cache.set(shared._tag_key(page_cache.TREE_TAG), shared._next_sequence(), None)
        return original(request, content)

    monkeypatch.setattr(page_cache, "make_shareable", purged_elsewhere)
    assert rerender(client, warm)["X-Portal-Cache"] == "miss"
    monkeypatch.setattr(page_cache, "make_shareable", original)
    assert client.get(warm.url)["X-Portal-Cache"] == "miss"
