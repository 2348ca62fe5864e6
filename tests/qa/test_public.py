"""The public side: the form (honeypot, rate limit per client address, limits, consent, a form
sent twice, a logged-in reader's details), the thank-you page, the list by topic with search,
a question's page, the sitemap and the site search; nothing unpublished ever shows, and query
counts stay the same as the list grows."""

import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qa import services
from qa.models import Question
from qa.views import QUESTIONS_PER_IP_PER_HOUR

from .conftest import make_many, make_question

pytestmark = pytest.mark.django_db

SUBMIT = "/hoi-dap/gui-cau-hoi/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


def form_data(**changes):
    data = {
        "kind": "hoi-dap",
        "area": "procedures",
        "title": "Thời hạn cấp lại giấy khai sinh",
        "body": "Xin hỏi thủ tục cấp lại giấy khai sinh mất bao lâu?",
        "name": "Nguyễn Văn Hùng",
        "email": "hung@example.vn",
        "phone": "",
        "unit": "",
        "show_as": "initials",
        "consent": "on",
        "token": "form-token-1",
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_sends_a_question_and_thanks_with_the_reference(client, vi):
    page = client.get(SUBMIT)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Thông tin của bạn được sử dụng thế nào" in html and 'name="website"' in html
    assert page.context["form"].initial["token"]
    response = client.post(SUBMIT, form_data(), follow=True)
    question = Question.objects.get()
    assert response.redirect_chain == [("/hoi-dap/da-gui/", 302)]
    assert question.reference in response.content.decode()
    assert question.status == Question.Status.NEW and question.consented_at
    # Nothing is public until an editor publishes it.
    assert question.title not in client.get("/hoi-dap/").content.decode()
    assert client.get(question.get_absolute_url()).status_code == 404


def test_the_thank_you_page_shows_only_your_own_reference(client, question):
    response = client.get("/hoi-dap/da-gui/")
    assert response.status_code == 302 and response["Location"] == SUBMIT


def test_a_logged_in_reader_finds_name_and_email_filled_in(client, user):
    client.force_login(user)
    initial = client.get(SUBMIT).context["form"].initial
    assert initial["name"] == user.full_name and initial["email"] == user.email
    client.post(SUBMIT, form_data(name=user.full_name, email=user.email))
    assert Question.objects.get().user == user


def test_the_honeypot_refuses_quietly_and_saves_nothing(client, vi):
    response = client.post(SUBMIT, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert "Không gửi được câu hỏi" in response.content.decode()
    assert Question.objects.count() == 0


def test_too_many_questions_from_one_address(client, vi):
    for index in range(QUESTIONS_PER_IP_PER_HOUR):
        response = client.post(SUBMIT, form_data(token=f"t{index}"), REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 302
    response = client.post(SUBMIT, form_data(token="one-more"), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "quá nhiều câu hỏi" in response.content.decode()
    assert Question.objects.count() == QUESTIONS_PER_IP_PER_HOUR
    # Another address is not held back.
    assert (
        client.post(SUBMIT, form_data(token="other"), REMOTE_ADDR="198.51.100.2").status_code == 302
    )


def test_the_limit_counts_the_real_client_behind_the_proxy(client, settings, vi):
    settings.TRUSTED_PROXY_COUNT = 1
    for index in range(QUESTIONS_PER_IP_PER_HOUR):
        client.post(
            SUBMIT,
            form_data(token=f"p{index}"),
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{index}, 203.0.113.9",
        )
    # Changing the forged left part does not help: the proxy's entry is the one counted.
    response = client.post(
        SUBMIT,
        form_data(token="forged"),
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.200, 203.0.113.9",
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": None}, "Vui lòng đồng ý với cách sử dụng thông tin"),
        ({"body": "x" * 4001}, "Tối đa 4000 ký tự, vui lòng rút gọn (bạn đã viết 4001 ký tự)."),
        ({"title": "y" * 201}, "Tối đa 200 ký tự"),
        ({"name": "z" * 101}, "Tối đa 100 ký tự"),
        ({"email": "khong-phai-email"}, "Hãy nhập địa chỉ thư điện tử hợp lệ"),
        ({"email": "a" * 250 + "@example.vn"}, "Tối đa 254 ký tự"),
        ({"area": ""}, "Hãy chọn chủ đề của câu hỏi."),
        ({"area": "not-an-area"}, "Hãy chọn một chủ đề trong danh sách."),
        ({"body": ""}, "Hãy viết nội dung câu hỏi hoặc phản ánh."),
        ({"token": None}, "Trường này là bắt buộc."),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(client, vi, changes, message):
    response = client.post(SUBMIT, form_data(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Câu hỏi chưa được gửi. Vui lòng sửa:" in html
    assert Question.objects.count() == 0


def test_a_form_sent_twice_makes_one_question(client):
    first = client.post(SUBMIT, form_data())
    second = client.post(SUBMIT, form_data())
    assert first.status_code == second.status_code == 302
    assert Question.objects.count() == 1


def test_other_topic_is_stored_empty(client):
    client.post(SUBMIT, form_data(area="khac"))
    assert Question.objects.get().area == ""


@pytest.fixture
def published(db):
    answered = make_question(
        title="Nộp hồ sơ cấp lại giấy khai sinh trực tuyến",
        body="Tôi muốn xin bản sao trích lục khai sinh.",
        status=Question.Status.PUBLISHED,
        answer="<p>Nộp trên Cổng dịch vụ công bằng tài khoản VNeID mức 2.</p>",
        show_as="anonymous",
    )
    digital = make_question(
        title="Tài khoản định danh điện tử mức 1",
        body="Có dùng được cho dịch vụ công không?",
        area="digital",
        kind="phan-anh",
        status=Question.Status.PUBLISHED,
        show_as="initials",
    )
    hidden = make_question(title="Câu hỏi chưa đăng về khai sinh", status=Question.Status.ANSWERED)
    waiting = make_question(title="Câu hỏi mới về khai sinh")
    return {"answered": answered, "digital": digital, "hidden": hidden, "waiting": waiting}


def titles(response):
    return [question.title for question in response.context["page_obj"].object_list]


def test_the_list_shows_only_published_questions(client, published, vi):
    response = client.get("/hoi-dap/")
    assert titles(response) == [
        "Tài khoản định danh điện tử mức 1",
        "Nộp hồ sơ cấp lại giấy khai sinh trực tuyến",
    ]
    html = response.content.decode()
    assert "Bạn đọc" in html and "N.V.H." in html
    assert "hung@example.vn" not in html and "Nguyễn Văn Hùng" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "khai sinh"}, ["Nộp hồ sơ cấp lại giấy khai sinh trực tuyến"]),
        ({"q": "KHAI SINH"}, ["Nộp hồ sơ cấp lại giấy khai sinh trực tuyến"]),
        ({"q": "khái sinh"}, ["Nộp hồ sơ cấp lại giấy khai sinh trực tuyến"]),
        # The answer's words count; a part of a word does not.
        ({"q": "vneid"}, ["Nộp hồ sơ cấp lại giấy khai sinh trực tuyến"]),
        ({"q": "kha"}, []),
        ({"q": "dinh danh"}, ["Tài khoản định danh điện tử mức 1"]),
        ({"chu_de": "digital"}, ["Tài khoản định danh điện tử mức 1"]),
        ({"loai": "phan-anh"}, ["Tài khoản định danh điện tử mức 1"]),
        ({"chu_de": "procedures", "q": "dinh danh"}, []),
        ({"chu_de": "no-such-topic"}, None),
    ],
)
def test_the_list_filters_by_topic_and_searches_whole_words(client, published, params, expected):
    response = client.get("/hoi-dap/", params)
    assert response.status_code == 200
    if expected is None:  # a stale filter is ignored
        assert len(titles(response)) == 2
    else:
        assert titles(response) == expected


def test_an_unpublished_question_has_no_page(client, published):
    assert client.get(published["hidden"].get_absolute_url()).status_code == 404
    assert client.get(published["waiting"].get_absolute_url()).status_code == 404
    response = client.get(published["answered"].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "VNeID mức 2" in html and "hung@example.vn" not in html


def test_query_counts_stay_the_same_as_questions_grow(client, published):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = ["/hoi-dap/", "/hoi-dap/?q=dich+vu&trang=2", published["answered"].get_absolute_url()]
    make_many(20)
    count(urls[0])  # the site and its settings are cached on the first request
    before = [count(url) for url in urls]
    make_many(2000, start=20)
    assert [count(url) for url in urls] == before
    assert max(before) <= 6


def test_sitemap_lists_published_questions_only(client, published):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [element.text for element in root.iter(SITEMAP)]
    assert any(url.endswith(published["answered"].get_absolute_url()) for url in locations)
    assert not any(url.endswith(published["hidden"].get_absolute_url()) for url in locations)


def test_site_search_finds_published_questions_and_never_others(
    client, published, django_capture_on_commit_callbacks, vi
):
    call_command("rebuild_search_index", verbosity=0)
    html = client.get("/tim-kiem/", {"q": "khai sinh"}).content.decode()
    assert published["answered"].get_absolute_url() in html
    assert published["hidden"].get_absolute_url() not in html
    assert published["waiting"].get_absolute_url() not in html
    assert "loai=question" in html
    # Publishing adds it to the index; taking it off removes it.
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(published["hidden"], by=None)
    html = client.get("/tim-kiem/", {"q": "khai sinh", "loai": "question"}).content.decode()
    assert published["hidden"].get_absolute_url() in html
    with django_capture_on_commit_callbacks(execute=True):
        services.withhold(published["hidden"], by=None)
    html = client.get("/tim-kiem/", {"q": "khai sinh", "loai": "question"}).content.decode()
    assert published["hidden"].get_absolute_url() not in html
    # The sender's name and email are never indexed.
    html = client.get("/tim-kiem/", {"q": "hung"}).content.decode()
    assert published["answered"].get_absolute_url() not in html


def test_header_links_to_questions_and_answers(client, vi):
    html = client.get("/hoi-dap/").content.decode()
    assert 'href="/hoi-dap/" aria-current="page">Hỏi đáp' in html


def test_the_site_map_page_lists_questions_and_answers(client, vi):
    html = client.get("/so-do-cong/").content.decode()
    assert 'href="/hoi-dap/"' in html and "Hỏi đáp" in html
    assert 'href="/hoi-dap/gui-cau-hoi/"' in html
