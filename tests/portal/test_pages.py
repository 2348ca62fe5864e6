import re

import pytest
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from portal.models import HomePage, NewsIndexPage, NewsPage, OrganisationPage, StandardPage
from tests.helpers import AdminClient, admin_client

from .factories import make_image, make_news, translate


class PageRulesTests(WagtailPageTestCase):
    # Wagtail's assert helpers log in by themselves: each login gives the second factor too.
    client_class = AdminClient

    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePage(title="Trang chủ", slug="trang-chu-test")
        root.add_child(instance=cls.home)
        cls.home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": cls.home},
        )
        cls.index = NewsIndexPage(title="Tin tức", slug="tin-tuc")
        cls.home.add_child(instance=cls.index)
        cls.index.save_revision().publish()
        cls.article = make_news(cls.index, title="Bài viết thử", image=make_image())
        cls.about = StandardPage(title="Giới thiệu", slug="gioi-thieu", intro="Về chúng tôi")
        cls.home.add_child(instance=cls.about)
        cls.about.save_revision().publish()
        cls.english_home = translate(cls.home, title="Home", slug="en")
        cls.english = translate(cls.about, title="About us", slug="about", intro="About us")

    def setUp(self):
        from accounts.models import User

        self.admin = User.objects.create_superuser(email="admin@example.com", password="x")
        self.client.force_login(self.admin)

    def test_parent_and_child_rules(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {NewsIndexPage, StandardPage, OrganisationPage})
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage, OrganisationPage})

    def test_creation_rules(self):
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(NewsPage, NewsPage)
        self.assertCanCreateAt(HomePage, StandardPage)
        # One home page, one news index per home page.
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
        self.assertFalse(NewsIndexPage.can_create_at(self.home))

    def test_every_page_type_renders(self):
        for page in (self.home, self.index, self.article, self.about, self.english_home):
            self.assertPageIsRenderable(page)
        for page in (self.english,):
            self.assertPageIsRenderable(page)

    def test_every_page_type_is_editable(self):
        for page in (self.home, self.index):
            self.assertPageIsEditable(page, user=self.admin)
        self.assertPageIsEditable(
            self.article,
            nested_form_data(
                {
                    "title": "Bài viết thử",
                    "slug": self.article.slug,
                    "date": "2026-03-01 09:00",
                    "lead": "Mở đầu",
                    "body": streamfield([("heading", {"text": "Mục một", "level": "h2"})]),
                    "tags": "một cửa",
                    "comments": inline_formset([]),
                }
            ),
            user=self.admin,
        )
        self.assertPageIsEditable(
            self.about,
            nested_form_data(
                {
                    "title": "Giới thiệu",
                    "slug": "gioi-thieu",
                    "intro": "Về chúng tôi",
                    "body": streamfield([]),
                    "comments": inline_formset([]),
                }
            ),
            user=self.admin,
        )

    def test_article_can_be_created_through_the_admin(self):
        self.assertCanCreate(
            self.index,
            NewsPage,
            nested_form_data(
                {
                    "title": "Tin mới",
                    "slug": "tin-moi",
                    "date": "2026-03-01 09:00",
                    "lead": "Mở đầu",
                    "body": streamfield([]),
                    "tags": "",
                    "comments_open": "on",
                    "comments": inline_formset([]),
                }
            ),
        )


def test_article_shows_vietnamese_date_credit_reading_time_and_json_ld(
    client, news_index, category
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    words = " ".join(["cải cách"] * 300)  # 600 syllables: three minutes at 220 a minute
    page = make_news(
        news_index,
        title="Bài có ảnh",
        date=datetime(2020, 1, 3, 16, 27, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        body=[{"type": "paragraph", "value": f"<p>{words}</p>"}],
        image=make_image(),
        category=category,
    )
    html = client.get(page.url).content.decode()
    assert "Thứ Sáu, 03/01/2020 | 16:27" in html
    assert "Ảnh: M.Đ" in html
    assert page.reading_minutes == 3
    assert '"@type": "NewsArticle"' in html
    assert 'property="og:type" content="article"' in html
    assert re.search(r'<link rel="canonical" href="http://testserver/tin-tuc/bai-co-anh/">', html)
    assert "/tin-tuc/chuyen-muc/dich-vu-cong/rss.xml" in html


def test_related_news_share_category_or_tags(client, news_index, category):
    first = make_news(news_index, title="Bài một", category=category)
    same_category = make_news(news_index, title="Bài cùng chuyên mục", category=category)
    same_tag = make_news(news_index, title="Bài cùng thẻ", tags=["một cửa"])
    unrelated = make_news(news_index, title="Bài không liên quan")
    first.tags.add("một cửa")
    first.save_revision().publish()
    related = {page.pk for page in NewsPage.objects.get(pk=first.pk).related_news()}
    assert related == {same_category.pk, same_tag.pk}
    assert unrelated.pk not in related


def test_english_pages_are_marked_english(client, home):
    translate(home, title="Home", slug="en")
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html


def test_news_index_filters_and_paginates(client, news_index, category):
    from .factories import make_many_news

    make_many_news(news_index, 12, with_image=False)
    make_news(news_index, title="Tin chuyên mục", category=category)
    response = client.get("/tin-tuc/")
    assert response.status_code == 200
    assert len(response.context["news"]) == 10
    response = client.get("/tin-tuc/?trang=2")
    assert len(response.context["news"]) == 3
    response = client.get("/tin-tuc/?chuyen-muc=dich-vu-cong")
    assert [p.title for p in response.context["news"]] == ["Tin chuyên mục"]
    assert client.get("/tin-tuc/?chuyen-muc=khong-co").status_code == 404
    assert client.get("/tin-tuc/?thang=khong-phai-thang").status_code == 404
    from taggit.models import Tag

    response = client.get("/tin-tuc/", {"the": Tag.objects.get(name="thẻ 1").slug})
    assert len(response.context["news"]) == 4


@pytest.mark.django_db
def test_demo_is_idempotent_and_roots_the_site(django_user_model):
    from io import StringIO

    from django.core.management import call_command

    from portal.models import Comment, Poll

    call_command("setup_roles", stdout=StringIO())
    from demo.seeders import portal as demo

    class Command:
        stdout = StringIO()

    demo.seed(Command())
    counts = (Page.objects.count(), Comment.objects.count(), Poll.objects.count())
    demo.seed(Command())
    assert (Page.objects.count(), Comment.objects.count(), Poll.objects.count()) == counts
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert NewsPage.objects.live().count() >= 8
    assert not Page.objects.filter(depth=2, content_type__app_label="wagtailcore").exists()


@pytest.mark.django_db
def test_programme_links_show_only_what_the_public_may_see():
    from courses.models import Course
    from portal.templatetags.portal_tags import programme_link
    from tests.contests.factories import ContestFactory
    from tests.courses.factories import CourseFactory

    CourseFactory(slug="lop-nhap", status=Course.Status.DRAFT)
    CourseFactory(slug="lop-mo", title="Lớp đang mở")
    ContestFactory(slug="thi-nhap", is_published=False)
    assert programme_link("course", "lop-nhap") is None
    assert programme_link("course", "lop-mo")["title"] == "Lớp đang mở"
    assert programme_link("contest", "thi-nhap") is None
    assert programme_link("contest", "khong-co") is None


def test_article_prints_with_the_print_stylesheet_and_its_address(client, article):
    from html.parser import HTMLParser
    from pathlib import Path

    from django.contrib.staticfiles import finders

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.print_links, self.print_url, self.stack, self.hidden_ancestors = [], None, [], []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            classes = (attrs.get("class") or "").split()
            if tag == "link" and attrs.get("media") == "print":
                self.print_links.append(attrs)
            if tag in ("link", "meta", "img", "input", "br", "hr", "source"):
                return
            self.stack.append((tag, classes))
            if "print-url" in classes:
                self.print_url = {"attrs": attrs, "text": ""}
                self.hidden_ancestors = [
                    (name, cls)
                    for name, cls in self.stack[:-1]
                    if name in ("nav", "form")
                    or {"no-print", "comments", "article-aside"} & set(cls)
                ]

        def handle_endtag(self, tag):
            if self.stack and self.stack[-1][0] == tag:
                _name, classes = self.stack.pop()
                if "print-url" in classes:
                    self.print_url["closed"] = True

        def handle_data(self, data):
            if self.print_url is not None and "closed" not in self.print_url:
                self.print_url["text"] += data

    page = Collect()
    page.feed(client.get(article.url).content.decode())

    assert [link["href"] for link in page.print_links] == ["/static/css/print.css"]
    assert page.print_links[0]["rel"] == "stylesheet"
    assert page.print_url is not None
    # Hidden on screen, shown on paper with the article's absolute address.
    assert "hidden" in page.print_url["attrs"]
    assert f"Địa chỉ bài viết: http://testserver{article.url}" in page.print_url["text"]
    assert page.hidden_ancestors == []

    css = Path(finders.find("css/print.css")).read_text(encoding="utf-8")
    assert ".print-url[hidden] { display: block !important; }" in css
    assert ".no-print" in css


def test_info_box_update_time_follows_its_text(site_settings):
    from datetime import timedelta

    from django.utils import timezone

    assert site_settings.info_updated_at is None
    site_settings.info_body = "<p>Bộ phận một cửa làm việc sáng thứ Bảy.</p>"
    site_settings.save()
    first = site_settings.info_updated_at
    assert first is not None and timezone.now() - first < timedelta(seconds=5)

    # Other settings change: the box's time stays.
    site_settings.alert_text = "Bảo trì hệ thống"
    site_settings.save()
    site_settings.refresh_from_db()
    assert site_settings.info_updated_at == first

    site_settings.info_body = "<p>Tổng đài hỗ trợ dịch vụ công: 1022.</p>"
    site_settings.save(update_fields=["info_body"])
    site_settings.refresh_from_db()
    assert site_settings.info_updated_at > first


def test_info_box_update_time_is_set_from_the_admin_not_typed(client, home, site_settings):
    from django.utils import timezone

    from tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, admin)
    url = f"/admin/settings/portal/portalsettings/{site_settings.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="info_updated_at"' not in form.content.decode()
    data = {
        "agency_name": "UBND tỉnh An Lạc",
        "alert_level": "info",
        "info_title": "Thông tin cần biết",
        "info_body": '{"blocks": [{"key": "a", "type": "unstyled", "depth": 0, '
        '"text": "Trời nắng, 30°C.", "inlineStyleRanges": [], "entityRanges": []}], '
        '"entityMap": {}}',
        "info_updated_at": "2001-01-01 00:00",
    }
    assert client.post(url, data).status_code == 302
    site_settings.refresh_from_db()
    assert "Trời nắng" in site_settings.info_body
    assert site_settings.info_updated_at.year != 2001
    client.logout()
    html = client.get("/").content.decode()
    assert "Trời nắng, 30°C." in html
    assert timezone.localtime(site_settings.info_updated_at).strftime("%Y-%m-%d") in html


@pytest.mark.django_db
def test_language_is_switched_by_buttons_not_while_arrowing_through_a_select(client, home):
    page = client.get("/").content.decode()
    assert "data-autosubmit" not in page and 'id="language-select"' not in page
    assert (
        'name="language" value="vi" lang="vi" class="language-button" aria-pressed="true"' in page
    )
    assert (
        'name="language" value="en" lang="en" class="language-button" aria-pressed="false"' in page
    )
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_related_news_are_the_latest_sharing_category_or_tag(news_index, category):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    article = make_news(news_index, title="Bài gốc", category=category, tags=["một cửa"])
    older = [
        make_news(
            news_index,
            title=f"Bài cũ {n}",
            category=category if n % 2 else None,
            tags=[] if n % 2 else ["một cửa"],
            date=now - timedelta(days=30 + n),
        )
        for n in range(4)
    ]
    newer = [
        make_news(
            news_index,
            title=f"Bài mới {n}",
            category=category if n % 2 else None,
            tags=[] if n % 2 else ["một cửa"],
            date=now - timedelta(days=n),
        )
        for n in range(3)
    ]
    make_news(news_index, title="Bài khác chuyên mục", date=now)
    related = NewsPage.objects.get(pk=article.pk).related_news()
    # Newest first, the page itself excluded, the limit kept.
    assert [page.pk for page in related] == [newer[0].pk, newer[1].pk, newer[2].pk, older[0].pk]


def test_related_news_follow_a_changed_date_and_skip_private_and_draft_pages(news_index, category):
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import PageViewRestriction

    now = timezone.now()
    article = make_news(news_index, title="Bài gốc", tags=["một cửa"])
    old = make_news(news_index, title="Bài cũ", tags=["một cửa"], date=now - timedelta(days=9))
    recent = make_news(news_index, title="Bài gần", tags=["một cửa"], date=now - timedelta(days=1))
    private = make_news(news_index, title="Bài riêng", tags=["một cửa"], date=now)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = make_news(news_index, title="Bài nháp", tags=["một cửa"], date=now)
    draft.unpublish()
    assert [page.pk for page in article.related_news()] == [recent.pk, old.pk]
    old.date = now - timedelta(hours=1)
    old.save_revision().publish()
    assert [page.pk for page in article.related_news(limit=1)] == [old.pk]


def test_related_news_cost_the_same_queries_for_any_archive(
    news_index, category, django_assert_num_queries
):
    article = make_news(news_index, title="Bài gốc", category=category, tags=["a", "b", "c"])
    for n in range(3):
        make_news(news_index, title=f"Bài {n}", category=category, tags=["a"])

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            NewsPage.objects.get(pk=article.pk).related_news()
        return len(captured)

    small = count()
    for n in range(12):
        make_news(news_index, title=f"Bài thêm {n}", category=category, tags=["a", "b", "c"])
    assert count() == small
    # One query however many tags and articles.
    with django_assert_num_queries(1):
        article.related_news()
