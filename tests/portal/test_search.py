from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify

from common.vietnamese import fold
from portal.models import StandardPage

from .factories import make_many_news, make_news


@pytest.fixture
def articles(news_index):
    exact = make_news(
        news_index,
        title="Kế hoạch năm 2026",
        lead="Tỉnh đẩy mạnh cải cách hành chính trong năm 2026.",
        body=[],
    )
    other_tones = make_news(
        news_index,
        title="Cái cách làm mới",
        lead="Một cai cách hành chính khác.",  # same letters, different tones
        body=[],
    )
    unrelated = make_news(news_index, title="Lễ hội mùa xuân", lead="Văn hóa và du lịch.", body=[])
    return exact, other_tones, unrelated


def titles(response):
    return [row["title"] for row in response.context["rows"]]


def test_typing_without_tone_marks_finds_words_with_them(client, articles):
    response = client.get("/tim-kiem/", {"q": "cai cach hanh chinh"})
    assert response.status_code == 200
    assert set(titles(response)) == {"Kế hoạch năm 2026", "Cái cách làm mới"}


def test_exact_tone_matches_rank_first(client, articles):
    response = client.get("/tim-kiem/", {"q": "cải cách hành chính"})
    assert titles(response)[0] == "Kế hoạch năm 2026"
    response = client.get("/tim-kiem/", {"q": "cai cách hành chính"})
    assert titles(response)[0] == "Cái cách làm mới"


def test_terms_are_highlighted_and_escaped(client, news_index):
    make_news(news_index, title="Cải cách <b>hành chính</b>", lead="Bài về Đường Cải cách.")
    html = client.get("/tim-kiem/", {"q": "cai cach"}).content.decode()
    assert "<mark>Cải cách</mark> &lt;b&gt;" in html
    assert "Đường <mark>Cải cách</mark>" in html


def test_d_with_stroke_folds_to_d(client, news_index):
    make_news(news_index, title="Đường dây nóng", lead="Hỗ trợ người dân.")
    response = client.get("/tim-kiem/", {"q": "duong day nong"})
    assert titles(response) == ["Đường dây nóng"]


def test_standard_pages_are_searched_too(client, home):
    page = StandardPage(title="Liên hệ", slug="lien-he", intro="Số điện thoại đường dây nóng.")
    home.add_child(instance=page)
    page.save_revision().publish()
    response = client.get("/tim-kiem/", {"q": "dien thoai"})
    assert titles(response) == ["Liên hệ"]


def test_drafts_are_not_found(client, news_index):
    make_news(news_index, title="Bản nháp bí mật", publish=False)
    response = client.get("/tim-kiem/", {"q": "ban nhap bi mat"})
    assert titles(response) == []


def test_results_are_paginated(client, news_index):
    make_many_news(news_index, 13, with_image=False)
    first = client.get("/tim-kiem/", {"q": "cai cach"})
    assert first.context["page_obj"].paginator.count == 13
    assert len(titles(first)) == 10
    second = client.get("/tim-kiem/", {"q": "cai cach", "trang": 2})
    assert len(titles(second)) == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("a" * 5000, "quá dài"),
        ("!!! ... ??? --- ;;;", "ít nhất một từ"),
    ],
)
def test_unsearchable_queries_get_a_clear_400(client, db, query, message):
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_empty_query_shows_the_form(client, db):
    response = client.get("/tim-kiem/")
    assert response.status_code == 200
    assert response.context["page_obj"] is None


def test_search_queries_stay_constant(client, news_index, django_assert_num_queries, settings):
    # Uncached: one query finds, ranks, counts and pages, whatever the number of matches.
    settings.PORTAL_SEARCH_CACHE_SECONDS = 0
    make_many_news(news_index, 3, with_image=False)
    client.get("/tim-kiem/", {"q": "warm up"})  # the site's settings, read once and cached
    with django_assert_num_queries(1):
        client.get("/tim-kiem/", {"q": "cai cach"})
    make_many_news(news_index, 9, start=3, with_image=False)
    with django_assert_num_queries(1):
        client.get("/tim-kiem/", {"q": "cai cach", "trang": 2})


def test_courses_are_found_through_their_public_search(client, news_index):
    from tests.courses.factories import CourseFactory

    course = CourseFactory(title="Lớp bồi dưỡng kỹ năng một cửa", slug="lop-mot-cua")
    response = client.get("/tim-kiem/", {"q": "boi duong ky nang"})
    assert response.status_code == 200
    # Courses are in the one ranked list now (they were a separate list after the pages).
    urls = [row["url"] for row in response.context["rows"]]
    assert course.get_absolute_url() in urls
    assert "<mark>bồi dưỡng kỹ năng</mark>" in response.content.decode()
    # Punctuation typed between the words does not hide the course.
    response = client.get("/tim-kiem/", {"q": "bồi dưỡng, kỹ năng!"})
    assert course.get_absolute_url() in [row["url"] for row in response.context["rows"]]


def test_home_page_includes_other_apps_sections(client, home):
    from tests.courses.factories import CourseFactory

    course = CourseFactory(title="Lớp tập huấn dịch vụ công trực tuyến")
    assert course.title in client.get("/").content.decode()


def test_no_results_says_so(client, article):
    response = client.get("/tim-kiem/", {"q": "khong co gi"})
    assert "Không tìm thấy kết quả" in response.content.decode()


def make_standard(parent, *, title, intro):
    page = StandardPage(title=title, slug=slugify(fold(title)), intro=intro)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_exact_tone_standard_page_ranks_above_toneless_news_match(client, news_index, home):
    make_news(news_index, title="Tin mới", lead="Một cai cách hành chính khác.", body=[])
    make_standard(home, title="Giới thiệu", intro="Sở Nội vụ phụ trách cải cách hành chính.")
    response = client.get("/tim-kiem/", {"q": "cải cách hành chính"})
    assert titles(response) == ["Giới thiệu", "Tin mới"]


def test_pagination_runs_across_page_types(client, news_index, home):
    make_many_news(news_index, 9, with_image=False)  # exact matches, 0 to 8 hours old
    exact = make_standard(home, title="Giới thiệu", intro="Ban chỉ đạo cải cách hành chính.")
    StandardPage.objects.filter(pk=exact.pk).update(
        first_published_at=timezone.now() - timedelta(hours=100)
    )
    make_standard(home, title="Liên hệ", intro="Tổ công tác cai cach hanh chinh.")
    make_news(
        news_index,
        title="Tin cũ",
        lead="Bàn về cai cach hanh chinh.",
        body=[],
        date=timezone.now() - timedelta(hours=200),
    )
    first = client.get("/tim-kiem/", {"q": "cải cách hành chính"})
    second = client.get("/tim-kiem/", {"q": "cải cách hành chính", "trang": 2})
    assert first.context["page_obj"].paginator.count == 12
    # Exact matches of both types first, newest first; then the toneless ones, newest first.
    assert titles(first) == [f"Tin số {n}: cải cách hành chính" for n in range(9)] + ["Giới thiệu"]
    assert titles(second) == ["Liên hệ", "Tin cũ"]
