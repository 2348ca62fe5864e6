"""The portal's identity: the footer's legal notice (Decree 42/2022), the public-service links,
the site map, the list of feeds, the organisation page, the PDF's and category pages' names, and
the XML sitemap's entries from the other apps."""

import datetime as dt
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from legaldocs.models import Issuer, LegalDocument
from portal import pdf
from portal.cache import purge_all
from portal.models import (
    HomePage,
    Leader,
    NewsCategory,
    OrganisationPage,
    OrganisationPageLeader,
    PortalSettings,
    ServiceLink,
    StandardPage,
)
from tests.contests.factories import ContestFactory, RoundFactory
from tests.courses.factories import CourseFactory
from tests.helpers import admin_client as signed_in_admin

from .factories import make_image, make_news


@pytest.fixture
def admin_in(client, admin_user):
    return signed_in_admin(client, admin_user)


SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


def add_page(parent, title, slug, *, live=True, model=StandardPage, **fields):
    page = model(title=title, slug=slug, **fields)
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        Page.objects.filter(pk=page.pk).update(live=False)
    return page


# ------------------------------------------------------------------------------------------
# Footer
# ------------------------------------------------------------------------------------------


def test_footer_shows_the_notice_lines_that_are_filled_in(client, home, site_settings):
    site_settings.governing_body = "Ủy ban nhân dân tỉnh An Lạc"
    site_settings.responsible_person = "Ông Trần Minh Khoa, Giám đốc Sở Nội vụ"
    site_settings.licence_number = "25/GP-TTĐT"
    site_settings.licence_date = dt.date(2025, 3, 14)
    site_settings.licence_issuer = "Sở Văn hóa, Thể thao và Du lịch"
    site_settings.phone = "0290 3822 000"
    site_settings.save()
    html = client.get("/").content.decode()
    assert "Cơ quan chủ quản" in html and "Ủy ban nhân dân tỉnh An Lạc" in html
    assert "Người chịu trách nhiệm chính" in html and "Ông Trần Minh Khoa" in html
    assert "Giấy phép" in html and "số 25/GP-TTĐT" in html
    assert "ngày 14/03/2025" in html and "do Sở Văn hóa, Thể thao và Du lịch cấp" in html
    assert 'href="tel:02903822000"' in html
    assert 'href="/so-do-cong/"' in html and 'href="/rss/"' in html


def test_footer_hides_empty_notice_lines(client, home, site_settings):
    html = client.get("/").content.decode()
    assert "Cơ quan chủ quản" not in html
    assert "Người chịu trách nhiệm chính" not in html
    assert "Giấy phép" not in html


def test_footer_lists_the_public_service_portals_and_follows_edits(client, home):
    assert "dichvucong.gov.vn" not in client.get("/").content.decode()
    link = ServiceLink.objects.create(
        title="Cổng Dịch vụ công quốc gia", url="https://dichvucong.gov.vn", sort_order=1
    )
    ServiceLink.objects.create(
        title="Cổng Dịch vụ công tỉnh", url="https://dichvucong.anlac.gov.vn", sort_order=0
    )
    html = client.get("/").content.decode()
    assert "Dịch vụ công trực tuyến" in html
    assert html.index("dichvucong.anlac.gov.vn") < html.index('href="https://dichvucong.gov.vn"')
    link.delete()
    assert 'href="https://dichvucong.gov.vn"' not in client.get("/").content.decode()


def test_service_link_refuses_script_addresses():
    from django.core.exceptions import ValidationError

    link = ServiceLink(title="X", url="javascript:alert(1)")
    with pytest.raises(ValidationError) as raised:
        link.full_clean()
    assert "url" in raised.value.message_dict


def test_settings_edit_form_shows_the_notice(admin_in, home):
    url = f"/admin/settings/portal/portalsettings/{PortalSettings.load().pk}/"
    response = admin_in.get(url)
    assert response.status_code == 200
    assert "licence_number" in response.content.decode()


# ------------------------------------------------------------------------------------------
# Site map
# ------------------------------------------------------------------------------------------


def test_site_map_shows_the_tree_in_menu_order_nested(client, home, news_index, category):
    about = add_page(home, "Giới thiệu", "gioi-thieu")
    add_page(about, "Lịch sử", "lich-su")
    add_page(home, "Liên hệ", "lien-he")
    make_news(news_index, title="Một bài viết riêng lẻ")
    response = client.get("/so-do-cong/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Sơ đồ cổng |" in html
    # Menu order is the tree's order: news index, about (with its child), contact.
    assert html.index("Tin tức") < html.index("Giới thiệu") < html.index("Lịch sử")
    assert html.index("Lịch sử") < html.index("Liên hệ")
    # Nested: the child sits in a list inside its parent's item.
    about_item = html[html.index('href="/gioi-thieu/"') : html.index('href="/lien-he/"')]
    assert "<ul>" in about_item and 'href="/gioi-thieu/lich-su/"' in about_item
    # Categories, never articles.
    assert 'href="/tin-tuc/?chuyen-muc=dich-vu-cong"' in html
    assert "Một bài viết riêng lẻ" not in html
    # The apps' entry pages through the hook.
    for path in ("/khoa-hoc/", "/cuoc-thi/", "/van-ban/", "/chung-nhan/xac-minh/"):
        assert f'href="{path}"' in html


def test_site_map_never_shows_draft_or_private_pages(client, home):
    add_page(home, "Trang nháp", "trang-nhap", live=False)
    private = add_page(home, "Khu vực nội bộ", "noi-bo")
    add_page(private, "Tài liệu nội bộ", "tai-lieu")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
    )
    signed_in = add_page(home, "Dành cho thành viên", "thanh-vien")
    PageViewRestriction.objects.create(page=signed_in, restriction_type=PageViewRestriction.LOGIN)
    add_page(home, "Công khai", "cong-khai")
    html = client.get("/so-do-cong/").content.decode()
    assert "Công khai" in html
    for hidden in ("Trang nháp", "Khu vực nội bộ", "Tài liệu nội bộ", "Dành cho thành viên"):
        assert hidden not in html


def test_site_map_shows_only_the_requesting_sites_pages(client, home):
    from wagtail.models import Site

    other_home = HomePage(title="Trang khác", slug="trang-khac")
    Page.get_first_root_node().add_child(instance=other_home)
    other_home.save_revision().publish()
    add_page(other_home, "Trang của cổng khác", "cua-cong-khac")
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    html = client.get("/so-do-cong/").content.decode()
    assert "Trang của cổng khác" not in html


def site_map_queries(client, django_assert_max_num_queries):
    client.get("/so-do-cong/")  # warm the site root paths and content types
    purge_all()
    with django_assert_max_num_queries(20) as captured:
        response = client.get("/so-do-cong/")
    assert response.status_code == 200 and response["X-Portal-Cache"] == "miss"
    return len(captured.captured_queries)


def test_site_map_queries_do_not_grow_with_the_tree(
    client, home, news_index, category, django_assert_max_num_queries
):
    parent = add_page(home, "Chuyên mục 0", "chuyen-muc-0")
    add_page(parent, "Trang con 0", "trang-con-0")
    contest = ContestFactory()
    RoundFactory(contest=contest, results_published_at=timezone.now())
    small = site_map_queries(client, django_assert_max_num_queries)
    # ×10 pages, nested three deep, and more categories and results: a query per page, per
    # level or per category would show as a dozen more.
    for number in range(1, 5):
        section = add_page(home, f"Chuyên mục {number}", f"chuyen-muc-{number}")
        child = add_page(section, f"Trang con {number}", f"trang-con-{number}")
        add_page(child, f"Trang cháu {number}", f"trang-chau-{number}")
    for number in range(3):
        NewsCategory.objects.create(name=f"Chuyên mục tin {number}", slug=f"tin-{number}")
        RoundFactory(contest=ContestFactory(), results_published_at=timezone.now())
    large = site_map_queries(client, django_assert_max_num_queries)
    assert large == small, f"{small} queries with 3 pages, {large} with 15"
    assert Page.objects.live().count() > 15


def test_site_map_tree_is_one_query(rf, home, django_assert_num_queries):
    from wagtail.models import Site

    from portal import site_pages

    for number in range(10):
        add_page(home, f"Trang {number}", f"trang-{number}")
    request = rf.get("/so-do-cong/")
    site = Site.find_for_request(request)
    with django_assert_num_queries(1):
        pages = list(site_pages._public_tree_pages(site))
    assert len(pages) == 11


# ------------------------------------------------------------------------------------------
# Feeds page
# ------------------------------------------------------------------------------------------


def test_feeds_page_lists_every_feed_and_explains_rss(client, home, news_index, category):
    response = client.get("/rss/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "RSS là gì?" in html
    for path in (
        "/tin-tuc/rss.xml",
        "/tin-tuc/atom.xml",
        "/tin-tuc/chuyen-muc/dich-vu-cong/rss.xml",
        "/van-ban/rss.xml",
    ):
        assert f'href="{path}"' in html
    assert "http://testserver/van-ban/rss.xml" in html
    # Every listed feed answers.
    for path in (
        "/tin-tuc/rss.xml",
        "/tin-tuc/chuyen-muc/dich-vu-cong/rss.xml",
        "/van-ban/rss.xml",
    ):
        assert client.get(path).status_code == 200


# ------------------------------------------------------------------------------------------
# Organisation page
# ------------------------------------------------------------------------------------------


class OrganisationPageRules(WagtailPageTestCase):
    def test_where_it_may_be_created(self):
        self.assertCanCreateAt(HomePage, OrganisationPage)
        self.assertCanCreateAt(StandardPage, OrganisationPage)
        self.assertAllowedSubpageTypes(OrganisationPage, {StandardPage})


@pytest.fixture
def organisation(home):
    page = OrganisationPage(
        title="Cơ cấu tổ chức",
        slug="co-cau-to-chuc",
        intro="Sở Nội vụ là cơ quan chuyên môn.",
        functions="<p>Tham mưu về cải cách hành chính.</p>",
        duties="<ul><li>Xác định Chỉ số cải cách hành chính.</li></ul>",
    )
    leaders = [
        Leader.objects.create(
            name="Trần Minh Khoa",
            position="Giám đốc Sở",
            phone="0290 3822 001",
            email="gd@anlac.gov.vn",
            photo=make_image("Ảnh Giám đốc"),
        ),
        Leader.objects.create(name="Lê Thị Thu Hà", position="Phó Giám đốc Sở"),
        Leader.objects.create(name="Người Đã Nghỉ", position="Phó Giám đốc Sở", active=False),
    ]
    # The page's order, not the leaders' own: the deputy first.
    page.leader_placements = [
        OrganisationPageLeader(leader=leaders[1], sort_order=0),
        OrganisationPageLeader(leader=leaders[0], sort_order=1),
        OrganisationPageLeader(leader=leaders[2], sort_order=2),
    ]
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_organisation_page_shows_duties_and_active_leaders(client, organisation):
    html = client.get(organisation.url).content.decode()
    assert "Vị trí, chức năng" in html and "Tham mưu về cải cách hành chính." in html
    assert "Nhiệm vụ, quyền hạn" in html
    assert html.index("Lê Thị Thu Hà") < html.index("Trần Minh Khoa")
    assert "Người Đã Nghỉ" not in html
    assert 'href="tel:02903822001"' in html and 'href="mailto:gd@anlac.gov.vn"' in html
    assert 'class="leader-photo"' in html
    assert '<span class="leader-initials" aria-hidden="true">LH</span>' in html


def test_leader_initials():
    assert Leader(name="Nguyễn Văn An").initials == "NA"
    assert Leader(name="Đặng  Thị   Ánh").initials == "ĐÁ"
    assert Leader(name="Hà").initials == "H"
    assert Leader(name="").initials == ""


def test_organisation_page_queries_do_not_grow_with_leaders(
    client, organisation, django_assert_max_num_queries
):
    def count():
        client.get(organisation.url)
        purge_all()
        with django_assert_max_num_queries(40) as captured:
            assert client.get(organisation.url).status_code == 200
        return len(captured.captured_queries)

    small = count()
    for number in range(6):
        leader = Leader.objects.create(
            name=f"Người {number}", position="Trưởng phòng", photo=make_image(f"Ảnh {number}")
        )
        OrganisationPageLeader.objects.create(page=organisation, leader=leader, sort_order=10)
    purge_all()  # placed here without publishing the page, so the cached copy is still served
    client.get(organisation.url)  # the new photos' renditions are made once
    assert count() == small


def test_organisation_page_is_editable(admin_in, organisation):
    response = admin_in.get(f"/admin/pages/{organisation.pk}/edit/")
    assert response.status_code == 200
    assert "leader_placements" in response.content.decode()


def test_leader_snippets_in_admin(admin_in, db):
    Leader.objects.create(name="Trần Minh Khoa", position="Giám đốc Sở")
    response = admin_in.get("/admin/snippets/portal/leader/")
    assert response.status_code == 200 and "Trần Minh Khoa" in response.content.decode()
    assert admin_in.get("/admin/snippets/portal/servicelink/").status_code == 200


# ------------------------------------------------------------------------------------------
# PDF, print, category pages
# ------------------------------------------------------------------------------------------


def test_article_pdf_carries_the_portal_and_agency_names(article, site_settings, settings):
    import io

    import pypdf

    site_settings.agency_name = "Sở Nội vụ tỉnh An Lạc"
    site_settings.save()
    text = pypdf.PdfReader(io.BytesIO(pdf.render_article(article))).pages[0].extract_text()
    # The header line is set in capitals by the PDF's stylesheet.
    assert "SỞ NỘI VỤ TỈNH AN LẠC" in text
    assert settings.WAGTAIL_SITE_NAME.upper() in text


def test_pdf_cache_key_changes_with_the_agency_name(article, site_settings):
    before = pdf.cache_key(article)
    site_settings.agency_name = "Sở Nội vụ tỉnh Mới"
    site_settings.save()
    assert pdf.cache_key(article) != before


def test_print_stylesheet_keeps_the_names():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/print.css")).read_text(encoding="utf-8")
    hidden = css.split("{", 1)[0]
    assert ".site-header," not in hidden and ".brand-agency" in css and ".brand-site" in css


def test_category_page_has_its_own_title(client, article, category):
    html = client.get("/tin-tuc/?chuyen-muc=dich-vu-cong").content.decode()
    assert "<title>Dịch vụ công | Tin tức |" in html
    assert '<meta property="og:title" content="Dịch vụ công | Tin tức">' in html
    plain = client.get("/tin-tuc/").content.decode()
    assert "<title>Tin tức |" in plain and 'content="Tin tức">' in plain


# ------------------------------------------------------------------------------------------
# XML sitemap
# ------------------------------------------------------------------------------------------


def test_xml_sitemap_lists_the_apps_public_pages(client, home):
    from parindex.models import IndexSet, Level

    course = CourseFactory(sessions=0)
    draft_course = CourseFactory(sessions=0, status="draft")
    contest = ContestFactory()
    published_round = RoundFactory(contest=contest, results_published_at=timezone.now())
    hidden_round = RoundFactory(contest=contest)
    unpublished = ContestFactory(is_published=False)
    issuer = Issuer.objects.create(name="Ủy ban nhân dân tỉnh An Lạc")
    document = LegalDocument(
        number="12/KH-UBND",
        title="Kế hoạch cải cách hành chính",
        doc_type=LegalDocument.Type.PLAN,
        issuer=issuer,
        issued_on=dt.date(2026, 1, 5),
        is_public=True,
    )
    document.full_clean()
    document.save()
    level = Level.objects.create(code="cap-so", name="Cấp sở")
    IndexSet.objects.create(
        year=2025, level=level, title="Bộ chỉ số 2025", published_at=timezone.now()
    )
    IndexSet.objects.create(year=2026, level=level, title="Bộ chỉ số 2026")
    cache.clear()
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = {node.text.removeprefix("http://testserver") for node in root.iter(SITEMAP_NS)}
    assert {
        "/khoa-hoc/",
        course.get_absolute_url(),
        "/cuoc-thi/",
        contest.get_absolute_url(),
        f"/cuoc-thi/{contest.slug}/vong/{published_round.pk}/ket-qua/",
        document.get_absolute_url(),
        "/chi-so-cchc/ket-qua/2025/cap-so/",
        "/chung-nhan/xac-minh/",
    } <= locations
    assert draft_course.get_absolute_url() not in locations
    assert unpublished.get_absolute_url() not in locations
    assert f"/cuoc-thi/{contest.slug}/vong/{hidden_round.pk}/ket-qua/" not in locations
    assert "/chi-so-cchc/ket-qua/2026/cap-so/" not in locations
    # And every one of them answers.
    for path in locations - {"/"}:
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db(transaction=True)
def test_xml_sitemap_follows_new_courses_and_published_results(client, home):
    cache.clear()
    contest = ContestFactory()
    round_ = RoundFactory(contest=contest)
    before = client.get("/sitemap.xml").content.decode()
    course = CourseFactory(sessions=0)
    round_.results_published_at = timezone.now()
    round_.save(update_fields=["results_published_at"])
    after = client.get("/sitemap.xml").content.decode()
    assert course.get_absolute_url() not in before and course.get_absolute_url() in after
    results = f"/cuoc-thi/{contest.slug}/vong/{round_.pk}/ket-qua/"
    assert results not in before and results in after
