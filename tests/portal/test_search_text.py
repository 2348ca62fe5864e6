"""What a page body gives search: Wagtail's `get_searchable_content` of the blocks, with the
portal's blocks leaving out what readers do not read as text."""

from wagtail import hooks

from portal.models import NewsPage, stream_text
from portal.sections import other_app_results, other_app_sections

BODY = [
    {"type": "paragraph", "value": "<p>Một cửa</p><p>liên thông &amp; hiện đại</p>"},
    {"type": "heading", "value": {"text": "Mục tiêu", "level": "h3"}},
    {"type": "quote", "value": {"text": "Đỡ đi lại.", "attribution": "Giám đốc"}},
    {"type": "programme", "value": {"kind": "contest", "slug": "tim-hieu-cchc", "text": "Dự thi"}},
    {"type": "table", "value": {"data": [["Chỉ số", None], ["80%", "2026"]]}},
]


def body_value(raw):
    return NewsPage._meta.get_field("body").to_python(raw)


def test_the_body_text_is_what_the_blocks_give_search():
    text = stream_text(body_value(BODY))
    assert text.split("\n") == [
        "Một cửa liên thông & hiện đại",  # paragraphs kept apart, entities read as text
        "Mục tiêu",
        "Đỡ đi lại.",
        "Giám đốc",
        "Dự thi",
        "Chỉ số",
        "80%",
        "2026",
    ]
    # A heading's level, a link's kind and slug are no words of the article.
    assert "h3" not in text and "tim-hieu-cchc" not in text and "Contest" not in text


def test_an_empty_body_has_no_text():
    assert stream_text(body_value([])) == ""
    assert stream_text(None) == ""


def test_home_and_search_sections_come_from_the_apps_hooks_courses_first():
    # Courses, contests, the document register and Q&A give the site search documents to index
    # (register_search_documents); register_search_results is still read for apps that answer
    # queries themselves (none today).
    kinds = [fn()["kind"] for fn in hooks.get_hooks("register_search_documents")]
    assert kinds == ["course", "contest", "legal_document", "question"]
    assert list(hooks.get_hooks("register_search_results")) == []
    modules = [fn.__module__ for fn in hooks.get_hooks("register_home_section")]
    assert modules == ["courses.wagtail_hooks", "contests.wagtail_hooks"]


def test_a_registered_section_is_shown_and_an_empty_one_left_out(rf, db):
    def results(query, limit):
        return [{"kind": "X", "title": query, "url": "/x/", "summary": ""}][:limit]

    with (
        hooks.register_temporarily("register_home_section", lambda request, limit: ""),
        hooks.register_temporarily("register_search_results", results),
    ):
        assert other_app_results("cải cách", limit=1)[-1]["title"] == "cải cách"
        assert "" not in other_app_sections(rf.get("/"))
