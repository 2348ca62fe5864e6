import xml.etree.ElementTree as ET

from .factories import make_news

ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_lists_all_news(client, article, news_index):
    make_news(news_index, title="Tin thứ hai")
    response = client.get("/tin-tuc/rss.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    assert {item.findtext("title") for item in items} == {article.title, "Tin thứ hai"}
    link = items[0].findtext("link")
    assert link.startswith("http://testserver/tin-tuc/")
    assert all(item.findtext("pubDate") for item in items)


def test_atom_per_category(client, article, news_index):
    make_news(news_index, title="Tin khác chuyên mục")
    response = client.get("/tin-tuc/chuyen-muc/dich-vu-cong/atom.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [article.title]
    assert "Dịch vụ công" in root.findtext(f"{ATOM}title")


def test_unknown_category_feed_is_404(client, db):
    assert client.get("/tin-tuc/chuyen-muc/khong-co/rss.xml").status_code == 404
    assert client.get("/tin-tuc/chuyen-muc/khong-co/atom.xml").status_code == 404


def test_pages_advertise_feeds(client, article):
    html = client.get("/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/tin-tuc/rss.xml"' in html
    assert 'href="/tin-tuc/atom.xml"' in html


def test_sitemap_and_robots(client, article):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [
        node.text for node in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert "http://testserver/" in locations
    assert f"http://testserver{article.url}" in locations
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    assert "Disallow: /admin/" in robots


def test_article_advertises_its_category_feeds(client, article):
    html = client.get(article.url).content.decode()
    assert 'href="/tin-tuc/chuyen-muc/dich-vu-cong/rss.xml"' in html
    assert 'type="application/atom+xml"' in html
    assert 'href="/tin-tuc/chuyen-muc/dich-vu-cong/atom.xml"' in html


def test_concurrent_feed_requests_do_not_share_state(rf, article, news_index):
    """The feed object in urls.py is shared; each request must build links from its own host."""
    from portal.feeds import NewsFeed

    feed = NewsFeed()
    first = feed(rf.get("/tin-tuc/rss.xml", HTTP_HOST="a.example"))
    second = feed(rf.get("/tin-tuc/rss.xml", HTTP_HOST="b.example"))
    assert b"http://a.example/" in first.content and b"b.example" not in first.content
    assert not hasattr(feed, "request")
    assert b"http://b.example/" in second.content


def sitemap_locations(client, **extra):
    response = client.get("/sitemap.xml", **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    return [node.text for node in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def test_sitemap_is_cached_and_rebuilt_when_pages_change(
    client, article, news_index, django_assert_num_queries
):
    from django.core.cache import cache

    first = sitemap_locations(client)
    cache.set("unrelated:key", "kept")
    with django_assert_num_queries(0):
        assert sitemap_locations(client) == first
    # Each host gets its own addresses from the one cached copy.
    assert f"https://localhost{article.url}" in sitemap_locations(
        client, HTTP_HOST="localhost", secure=True
    )
    added = make_news(news_index, title="Tin mới đăng")
    assert f"http://testserver{added.url}" in sitemap_locations(client)
    added.unpublish()
    assert f"http://testserver{added.url}" not in sitemap_locations(client)
    article.delete()
    assert f"http://testserver{article.url}" not in sitemap_locations(client)
    assert cache.get("unrelated:key") == "kept"  # only the sitemap's own keys go


def test_sitemap_is_rebuilt_when_a_page_moves_or_is_restricted(client, article, home):
    from wagtail.models import PageViewRestriction

    from portal.models import NewsIndexPage

    other = NewsIndexPage(title="Thông báo", slug="thong-bao")
    home.add_child(instance=other)
    other.save_revision().publish()
    assert f"http://testserver{article.url}" in sitemap_locations(client)
    article.move(other, pos="last-child")
    article.refresh_from_db()
    assert f"http://testserver/thong-bao/{article.slug}/" in sitemap_locations(client)
    PageViewRestriction.objects.create(page=other, restriction_type="login")
    assert f"http://testserver/thong-bao/{article.slug}/" not in sitemap_locations(client)
