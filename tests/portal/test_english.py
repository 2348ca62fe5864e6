"""The English edition: the English locale tree under /en/, translations linked to their
Vietnamese originals, the language switch, hreflang, and Vietnamese text marked in English."""

import io
import re
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale, Page

from accounts import roles
from portal import search
from portal.models import NewsPage, PortalSettings, SearchDocument, StandardPage
from tests.factories import UserFactory
from tests.helpers import admin_client

from .factories import make_news, translate


@pytest.fixture
def english(home, news_index):
    english_home = translate(home, title="Home", slug="en")
    english_news = translate(news_index, title="News", slug="news")
    return english_home, english_news


@pytest.fixture
def article(news_index, category):
    return make_news(
        news_index,
        title="Tỉnh An Lạc ban hành kế hoạch cải cách hành chính",
        lead="Kế hoạch có 42 nhiệm vụ.",
        category=category,
    )


@pytest.fixture
def translated(article, english):
    return translate(
        article,
        title="An Lac adopts its reform plan",
        slug="reform-plan",
        lead="The plan has 42 tasks.",
    )


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_english_pages_live_under_en_and_vietnamese_addresses_do_not_move(
    client, article, translated
):
    assert translated.url == "/en/news/reform-plan/"
    assert article.url == f"/tin-tuc/{article.slug}/"
    vietnamese = client.get(article.url).content.decode()
    assert '<html lang="vi">' in vietnamese
    assert "Tỉnh An Lạc ban hành kế hoạch" in vietnamese
    english_page = client.get(translated.url).content.decode()
    assert '<html lang="en">' in english_page
    assert "An Lac adopts its reform plan" in english_page
    assert "Skip to main content" in english_page
    assert client.get("/tin-tuc/").status_code == 200
    assert client.get("/en/tin-tuc/").status_code == 404


def test_a_vietnamese_page_stays_vietnamese_for_a_reader_who_chose_english(client, article):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="vi">' in client.get(article.url).content.decode()
    # Screens other than pages still follow the reader's choice.
    assert '<html lang="en"' in client.get("/tai-khoan/login/").content.decode()


def test_translations_link_both_ways_with_hreflang(client, article, translated):
    for page in (article, translated):
        links = alternates(client.get(page.url).content.decode())
        assert links == {
            "vi": f"http://testserver{article.url}",
            "en": f"http://testserver{translated.url}",
            "x-default": f"http://testserver{article.url}",
        }


def test_an_untranslated_page_has_no_alternates(client, article, english):
    assert alternates(client.get(article.url).content.decode()) == {}


def test_the_home_pages_link_each_other(client, home, english):
    assert alternates(client.get("/").content.decode())["en"] == "http://testserver/en/"
    assert alternates(client.get("/en/").content.decode())["vi"] == "http://testserver/"


def test_the_language_switch_goes_to_the_translation_else_the_english_home(
    client, article, translated, news_index
):
    html = client.get(article.url).content.decode()
    assert f'name="next_en" value="{translated.url}"' in html
    assert f'name="next_vi" value="{article.url}"' in html
    other = make_news(news_index, title="Tin chưa dịch")
    html = client.get(other.url).content.decode()
    assert 'name="next_en" value="/en/"' in html

    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": article.url, "next_en": translated.url, "next_vi": article.url},
    )
    assert response.status_code == 302
    assert response["Location"] == translated.url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.post(
        reverse("set_language"),
        {"language": "vi", "next": translated.url, "next_vi": article.url},
    )
    assert response["Location"] == article.url


def test_the_language_switch_never_sends_readers_to_another_site(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next_en": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/khoa-hoc/"})
    assert response["Location"] == "/khoa-hoc/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_away_from_pages_the_switch_keeps_the_reader_where_they_are(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/tai-khoan/login/"})
    assert response["Location"] == "/tai-khoan/login/"


def test_english_home_lists_only_english_news_and_marks_vietnamese_ones(
    client, article, translated, news_index
):
    untranslated = make_news(news_index, title="Bản tin chỉ có tiếng Việt")
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    latest = html.split('id="latest-title"')[1].split("</section>")[0]
    assert "An Lac adopts its reform plan" in latest
    assert "Tỉnh An Lạc ban hành" not in latest and untranslated.title not in latest
    # Readers of English still learn of the untranslated article: marked as Vietnamese.
    more = html.split('id="untranslated-title"')[1].split("</section>")[0]
    assert untranslated.title in more
    assert article.title not in more  # translated: not repeated
    assert re.search(r'<article class="news-card[^"]*" lang="vi">', more)
    # The English news section lists English articles only.
    english_news = client.get("/en/news/").content.decode()
    assert (
        "An Lac adopts its reform plan" in english_news and untranslated.title not in english_news
    )
    vietnamese_home = client.get("/").content.decode()
    assert "An Lac adopts its reform plan" not in vietnamese_home
    assert 'id="untranslated-title"' not in vietnamese_home


def test_site_name_footer_and_banner_follow_the_language(client, english, site_settings):
    site_settings.alert_text = "Cuộc thi đang diễn ra"
    site_settings.save()
    html = client.get("/en/").content.decode()
    assert settings.SITE_NAME_EN in html and settings.AGENCY_NAME_EN in html
    assert settings.AGENCY_ADDRESS_EN in html
    assert settings.WAGTAIL_SITE_NAME not in html
    # The banner exists only in Vietnamese: shown, marked as Vietnamese.
    assert '<span lang="vi">Cuộc thi đang diễn ra</span>' in html
    assert '<a href="/" lang="vi" hreflang="vi">Tiếng Việt</a>' in html
    assert '<a href="/en/about/">About us</a>' in html and '<a href="/en/contact/">' in html
    site_settings.alert_text_en = "The contest is on"
    site_settings.save()
    html = client.get("/en/").content.decode()
    assert "<span>The contest is on</span>" in html
    vietnamese = client.get("/").content.decode()
    assert "Cuộc thi đang diễn ra" in vietnamese and "The contest is on" not in vietnamese
    assert '<a href="/gioi-thieu/">Giới thiệu</a>' in vietnamese
    assert settings.WAGTAIL_SITE_NAME in vietnamese


def test_vietnamese_category_names_are_marked_on_english_pages(client, translated):
    html = client.get(translated.url).content.decode()
    assert re.search(r'chuyen-muc=dich-vu-cong" lang="vi">Dịch vụ công</a>', html)


def test_the_page_cache_keeps_each_language_apart(client, article, translated):
    first = client.get(translated.url)
    assert first["X-Portal-Cache"] == "miss"
    again = client.get(translated.url)
    assert again["X-Portal-Cache"] == "hit"
    assert '<html lang="en">' in again.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    vietnamese = client.get(article.url)
    assert '<html lang="vi">' in vietnamese.content.decode()


def test_sitemap_lists_english_pages_with_alternates(client, article, translated):
    body = client.get("/sitemap.xml").content.decode()
    namespaces = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    root = ElementTree.fromstring(body)
    entries = {
        url.find("s:loc", namespaces).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", namespaces)
        }
        for url in root.findall("s:url", namespaces)
    }
    vi, en = f"http://testserver{article.url}", f"http://testserver{translated.url}"
    assert entries[vi] == {"vi": vi, "en": en, "x-default": vi}
    assert entries[en] == entries[vi]
    assert "http://testserver/en/" in entries


def test_english_articles_are_indexed_in_english_and_found(translated):
    search.rebuild()
    document = SearchDocument.objects.get(kind=search.NEWS, object_id=str(translated.pk))
    assert document.language == "en"
    assert document.url == translated.url
    found = search.search(search.parse("reform plan"))
    assert [row["url"] for row in found["rows"]][:1] == [translated.url]
    assert found["rows"][0]["language"] == "en"


def test_vietnamese_feed_has_no_english_articles(client, article, translated):
    body = client.get("/tin-tuc/rss.xml").content.decode()
    assert article.title in body
    assert translated.title not in body


@pytest.fixture
def editor(home, news_index, groups):
    call_command("setup_roles", stdout=io.StringIO())
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    call_command("setup_roles", stdout=io.StringIO())
    editor = UserFactory(email="editor@example.com", is_staff=True)
    editor.groups.add(groups[roles.EDITORS])
    return editor


def test_an_editor_translates_an_article_with_the_admin_action(client, article, editor):
    english_home = translate(article.get_parent().get_parent(), title="Home", slug="en")
    english_news = translate(article.get_parent(), title="News", slug="news")
    english_locale = Locale.objects.get(language_code="en")
    admin_client(client, editor)
    url = reverse("simple_translation:submit_page_translation", args=[article.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [english_locale.pk]})
    copy = NewsPage.objects.get(locale=english_locale, translation_key=article.translation_key)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[copy.pk])
    # A draft under the English news section, not live until it is edited and published.
    assert copy.get_parent().pk == english_news.pk
    assert copy.get_ancestors().filter(pk=english_home.pk).exists()
    assert not copy.live
    assert client.get(reverse("wagtailadmin_pages:edit", args=[copy.pk])).status_code == 200
    copy.title, copy.slug, copy.lead = "Reform plan adopted", "reform-plan", "In English."
    copy.save_revision().publish()
    assert client.get("/en/news/reform-plan/").status_code == 200


def test_a_translated_section_keeps_its_approval_workflow(home, news_index, editor):
    from wagtail.models import WorkflowPage

    from demo.seeders import portal as demo

    workflow = demo.seed_workflow(home)
    WorkflowPage.objects.get_or_create(page=news_index, defaults={"workflow": workflow})
    translate(home, title="Home", slug="en")
    english_news = translate(news_index, title="News", slug="news")
    assert WorkflowPage.objects.get(page=english_news).workflow == workflow
    article = make_news(english_news, title="Draft in English", publish=False)
    assert article.get_workflow() == workflow
    assert not article.permissions_for_user(editor).can_publish()


def test_the_admin_explorer_shows_both_trees(client, home, news_index, editor):
    english_home = translate(home, title="Home", slug="en")
    translate(news_index, title="News", slug="news")
    admin_client(client, editor)
    response = client.get(reverse("wagtailadmin_explore", args=[english_home.pk]))
    assert response.status_code == 200
    assert "News" in response.content.decode()


def test_english_standard_pages_are_english(client, english):
    english_home, _news = english
    about = StandardPage(title="About us", slug="about", intro="Who we are.")
    english_home.add_child(instance=about)
    about.save_revision().publish()
    assert about.locale.language_code == "en"
    html = client.get("/en/about/").content.decode()
    assert '<html lang="en">' in html and "Who we are." in html


def test_english_article_page_is_not_n_plus_one(client, translated, django_assert_max_num_queries):
    client.get(translated.url)  # warm the locale list and site root paths
    PortalSettings.load()
    with django_assert_max_num_queries(40):
        assert client.get(translated.url + "?x=1").status_code == 200


def test_the_apps_sections_on_the_english_home_are_marked_vietnamese(client, english):
    from tests.courses.factories import CourseFactory

    course = CourseFactory(title="Lớp bồi dưỡng một cửa")
    html = client.get("/en/").content.decode()
    assert (
        f'<h3 lang="vi"><a href="{course.get_absolute_url()}">Lớp bồi dưỡng một cửa</a></h3>'
        in (html)
    )
    vietnamese = client.get("/").content.decode()
    assert f'<h3><a href="{course.get_absolute_url()}">Lớp bồi dưỡng một cửa</a></h3>' in vietnamese
