"""The site search index: whole words, ranking, facets, suggestions, caching, and the index
following publication. Runs on SQLite (FTS5) and, with DATABASE_URL, on PostgreSQL (GIN)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail import hooks
from wagtail.models import PageViewRestriction

from portal import search
from portal.models import SearchDocument

from .factories import make_news


def search_page(client, query, **params):
    response = client.get("/tim-kiem/", {"q": query, **params})
    assert response.status_code == 200
    return response


def titles(response):
    return [row["title"] for row in response.context["rows"]]


@pytest.fixture(autouse=True)
def no_result_cache(settings):
    """Each request asks the database, unless a test turns the cache on."""
    settings.PORTAL_SEARCH_CACHE_SECONDS = 0


# ------------------------------------------------------------------------------------------
# Whole words, with or without tone marks
# ------------------------------------------------------------------------------------------


def test_a_word_matches_whole_words_only(client, news_index):
    make_news(news_index, title="Lễ hội mùa xuân", lead="Văn hóa.", body=[])
    make_news(news_index, title="Thời tiết hôm nay", lead="Nắng nhẹ.", body=[])
    make_news(news_index, title="Phối hợp liên ngành", lead="Các sở cùng làm.", body=[])
    assert titles(search_page(client, "hội")) == ["Lễ hội mùa xuân"]
    assert titles(search_page(client, "hoi")) == ["Lễ hội mùa xuân"]


def test_a_short_word_does_not_match_inside_longer_ones(client, news_index):
    make_news(news_index, title="Ủy ban nhân dân tỉnh", lead="Ban hành kế hoạch.", body=[])
    make_news(news_index, title="Thanh niên tình nguyện", lead="Tháng thanh niên.", body=[])
    make_news(news_index, title="Tỉnh An Lạc", lead="Một năm nhìn lại.", body=[])
    assert titles(search_page(client, "an")) == ["Tỉnh An Lạc"]


def test_typed_without_tone_marks_finds_the_accented_words(client, news_index):
    make_news(news_index, title="Đẩy mạnh cải cách", lead="Sở Nội vụ.", body=[])
    make_news(news_index, title="Cách làm hay", lead="Ở cơ sở.", body=[])
    assert titles(search_page(client, "cai cach")) == ["Đẩy mạnh cải cách"]
    assert titles(search_page(client, "day manh")) == ["Đẩy mạnh cải cách"]  # đ -> d


# ------------------------------------------------------------------------------------------
# Ranking
# ------------------------------------------------------------------------------------------


def test_phrase_in_title_then_title_words_then_phrase_then_words(client, news_index):
    now = timezone.now()
    # The newest first in the archive, so the ranking (not the date) decides the order.
    make_news(
        news_index,
        title="Bản tin tuần",
        lead="Thủ tục mới; hành chính công và cải cách khác.",
        body=[],
        date=now,
    )
    make_news(
        news_index,
        title="Tin trong tỉnh",
        lead="Tỉnh đẩy mạnh cải cách hành chính.",
        body=[],
        date=now - timedelta(days=1),
    )
    make_news(
        news_index,
        title="Hành chính: một năm cải cách",
        lead="Tổng kết.",
        body=[],
        date=now - timedelta(days=2),
    )
    make_news(
        news_index,
        title="Cải cách hành chính năm 2026",
        lead="Kế hoạch.",
        body=[],
        date=now - timedelta(days=3),
    )
    assert titles(search_page(client, "cải cách hành chính")) == [
        "Cải cách hành chính năm 2026",  # the phrase in the title
        "Hành chính: một năm cải cách",  # every word in the title
        "Tin trong tỉnh",  # the phrase in the text
        "Bản tin tuần",  # the words, apart
    ]


def test_the_tone_marks_as_typed_break_a_tie(client, news_index):
    make_news(news_index, title="Tin một", lead="Một cái cách làm.", body=[])
    make_news(news_index, title="Tin hai", lead="Đẩy mạnh cải cách.", body=[])
    assert titles(search_page(client, "cải cách")) == ["Tin hai", "Tin một"]
    assert titles(search_page(client, "cái cách")) == ["Tin một", "Tin hai"]


# ------------------------------------------------------------------------------------------
# Highlighting and snippets
# ------------------------------------------------------------------------------------------


def test_highlighting_marks_whole_words_only():
    html = search.highlight("Thời gian lễ hội, phối hợp", ["hoi"])
    assert html == "Thời gian lễ <mark>hội</mark>, phối hợp"
    assert search.highlight("An Lạc ban hành", ["an"]) == "<mark>An</mark> Lạc ban hành"


def test_a_phrase_is_marked_as_one_stretch_and_html_is_escaped():
    html = search.highlight("<b>Cải cách hành chính</b>", ["cai cach", "cai", "cach"])
    assert html == "&lt;b&gt;<mark>Cải cách</mark> hành chính&lt;/b&gt;"


def test_the_snippet_shows_the_first_whole_word_match_cut_at_spaces():
    text = "Thời gian " * 40 + "lễ hội mùa xuân " + "văn hóa " * 40
    html = search.snippet(text, ["hoi"], length=80)
    assert "<mark>hội</mark>" in html
    assert html.startswith("… ") and html.endswith(" …")
    assert "Thời" not in html.split("<mark>")[0][-6:]  # begins at a word, not mid-word


def test_the_snippet_comes_from_the_text_when_the_summary_has_no_match(client, news_index):
    body = [{"type": "paragraph", "value": "<p>Chương trình hỗ trợ doanh nghiệp nhỏ.</p>"}]
    make_news(news_index, title="Tin kinh tế", lead="Tin trong tuần.", body=body)
    html = search_page(client, "doanh nghiep").content.decode()
    assert "<mark>doanh nghiệp</mark> nhỏ" in html


# ------------------------------------------------------------------------------------------
# One ranked list of every kind, with facets
# ------------------------------------------------------------------------------------------


@pytest.fixture
def every_kind(news_index):
    from tests.contests.factories import ContestFactory
    from tests.courses.factories import CourseFactory

    make_news(news_index, title="Chuyển đổi số ở xã", lead="Tin.", body=[])
    make_news(news_index, title="Tin khác", lead="Chuyển đổi số trong trường học.", body=[])
    course = CourseFactory(title="Lớp chuyển đổi số cho cán bộ", slug="lop-cds")
    contest = ContestFactory(title="Cuộc thi chuyển đổi số", slug="thi-cds")
    return course, contest


def test_news_courses_and_contests_in_one_list_with_facets(client, every_kind):
    course, contest = every_kind
    response = search_page(client, "chuyen doi so")
    assert set(titles(response)) == {
        "Chuyển đổi số ở xã",
        "Tin khác",
        course.title,
        contest.title,
    }
    assert titles(response)[-1] == "Tin khác"  # the only one without the phrase in its title
    facets = {facet["kind"]: facet["count"] for facet in response.context["facets"]}
    assert facets == {"news": 2, "course": 1, "contest": 1}
    html = response.content.decode()
    assert "Khóa học" in html and "Cuộc thi" in html  # the facets' labels, in Vietnamese


def test_a_facet_narrows_the_list_and_the_total(client, every_kind):
    course, _contest = every_kind
    response = search_page(client, "chuyen doi so", loai="course")
    assert titles(response) == [course.title]
    assert response.context["total"] == 1
    assert response.context["all_count"] == 4
    # A kind nobody registered is ignored rather than failing.
    assert len(titles(search_page(client, "chuyen doi so", loai="nope"))) == 4


def test_pages_of_results_need_one_query_each(client, news_index, django_assert_num_queries):
    for number in range(13):
        make_news(news_index, title=f"Tin số {number} về một cửa", lead="Tin.", body=[])
    search_page(client, "warm up")  # the site's settings, read once and cached
    with django_assert_num_queries(1):
        first = search_page(client, "mot cua")
    with django_assert_num_queries(1):
        second = search_page(client, "mot cua", trang=2)
    assert first.context["page_obj"].paginator.count == 13
    assert len(titles(first)) == 10 and len(titles(second)) == 3
    assert not set(titles(first)) & set(titles(second))
    # A page past the end shows the last one (one more query, only then).
    with django_assert_num_queries(2):
        past = search_page(client, "mot cua", trang=9)
    assert titles(past) == titles(second)


def test_more_matches_than_are_ranked_says_so(client, news_index, monkeypatch):
    monkeypatch.setattr(search, "MAX_CANDIDATES", 3)
    for number in range(5):
        make_news(news_index, title=f"Tin số {number} về một cửa", lead="Tin.", body=[])
    response = search_page(client, "mot cua")
    assert response.context["capped"] is True
    assert response.context["total"] == 3
    assert "Hơn 3 kết quả" in response.content.decode()


# ------------------------------------------------------------------------------------------
# Did you mean
# ------------------------------------------------------------------------------------------


def test_a_query_without_tone_marks_gets_the_accented_form(client, news_index):
    make_news(news_index, title="Đường dây nóng", lead="Tin.", body=[])
    make_news(news_index, title="Số đường dây nóng mới", lead="Tin.", body=[])
    response = search_page(client, "duong day")
    assert response.context["suggestion"] == "đường dây"
    assert "Có phải bạn muốn tìm" in response.content.decode()
    assert search_page(client, "đường dây").context["suggestion"] == ""


def test_no_suggestion_when_the_words_have_no_accented_form(client, news_index):
    make_news(news_index, title="Ban hành quy chế", lead="Tin.", body=[])
    assert search_page(client, "ban").context["suggestion"] == ""


# ------------------------------------------------------------------------------------------
# Cache
# ------------------------------------------------------------------------------------------


def test_results_are_cached_until_the_index_changes(
    client, news_index, settings, django_assert_num_queries
):
    settings.PORTAL_SEARCH_CACHE_SECONDS = 60
    make_news(news_index, title="Một cửa liên thông", lead="Tin.", body=[])
    search_page(client, "mot cua")
    with django_assert_num_queries(0):
        assert titles(search_page(client, "mot cua")) == ["Một cửa liên thông"]
    make_news(news_index, title="Một cửa hiện đại", lead="Tin.", body=[])
    assert len(titles(search_page(client, "mot cua"))) == 2


# ------------------------------------------------------------------------------------------
# The index follows publication
# ------------------------------------------------------------------------------------------


def test_publish_unpublish_and_delete_update_the_index(client, news_index):
    page = make_news(news_index, title="Thông báo tuyển dụng", lead="Tin.", body=[])
    assert titles(search_page(client, "tuyen dung")) == ["Thông báo tuyển dụng"]
    page.title = "Thông báo tuyển dụng công chức"
    page.save_revision().publish()
    assert titles(search_page(client, "cong chuc")) == ["Thông báo tuyển dụng công chức"]
    page.unpublish()
    assert titles(search_page(client, "tuyen dung")) == []
    page.save_revision().publish()
    assert titles(search_page(client, "tuyen dung")) == ["Thông báo tuyển dụng công chức"]
    page.delete()
    assert titles(search_page(client, "tuyen dung")) == []
    assert not SearchDocument.objects.exists()


def test_a_draft_is_not_indexed_and_a_private_section_leaves_the_index(client, news_index):
    make_news(news_index, title="Bản nháp bí mật", lead="Tin.", publish=False)
    make_news(news_index, title="Tin nội bộ", lead="Tin.", body=[])
    assert titles(search_page(client, "ban nhap")) == []
    restriction = PageViewRestriction.objects.create(
        page=news_index, restriction_type=PageViewRestriction.LOGIN
    )
    assert titles(search_page(client, "noi bo")) == []
    restriction.delete()
    assert titles(search_page(client, "noi bo")) == ["Tin nội bộ"]


def test_courses_and_contests_follow_their_status(client, db):
    from courses.models import Course
    from tests.contests.factories import ContestFactory
    from tests.courses.factories import CourseFactory

    course = CourseFactory(title="Lớp kỹ năng số", status=Course.Status.DRAFT)
    contest = ContestFactory(title="Cuộc thi kỹ năng số", is_published=False)
    assert titles(search_page(client, "ky nang so")) == []
    course.status = Course.Status.PUBLISHED
    course.save()
    contest.is_published = True
    contest.save()
    assert set(titles(search_page(client, "ky nang so"))) == {course.title, contest.title}
    contest.delete()
    assert titles(search_page(client, "ky nang so")) == [course.title]


def test_the_rebuild_command_reads_every_source_again(client, news_index):
    from tests.courses.factories import CourseFactory

    make_news(news_index, title="Hội nghị trực tuyến", lead="Tin.", body=[])
    CourseFactory(title="Lớp hội nghị trực tuyến")
    SearchDocument.objects.all().delete()
    assert titles(search_page(client, "hoi nghi")) == []
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "news: 1" in out.getvalue() and "course: 1" in out.getvalue()
    assert len(titles(search_page(client, "hoi nghi"))) == 2


# ------------------------------------------------------------------------------------------
# The older hook still works
# ------------------------------------------------------------------------------------------


def test_an_app_on_the_older_results_hook_is_still_shown(client, db):
    def results(query, limit):
        return [
            {"kind": "Văn bản", "title": f"Quyết định về {query}", "url": "/vb/1/", "summary": ""}
        ]

    with hooks.register_temporarily("register_search_results", results):
        html = search_page(client, "mot cua").content.decode()
    assert "Quyết định về <mark>mot cua</mark>" in html
    assert 'href="/vb/1/"' in html
