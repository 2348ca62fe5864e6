"""Managing the question bank from its listing: bulk appraisal with the four-eyes rule kept
question by question, bulk retire and change of area or difficulty (each asks first), the single
appraisal returning to the filtered listing, the preview as an entrant, and the filters."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import ModelLogEntry

from contests.models import Area, Question, RoundQuestion
from tests.contests.factories import QuestionFactory, RoundFactory
from tests.factories import UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db

LISTING = "wagtailsnippets_contests_question:list"


def staff_with(client, *codenames, **fields):
    user = UserFactory(is_staff=True, **fields)
    group = Group.objects.create(name=f"g-{user.pk}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label="contests")
        )
    user.groups.add(group)
    admin_client(client, user)
    return user


def bulk_url(action, questions, next_url=None):
    url = reverse("wagtail_bulk_action", args=("contests", "question", action))
    query = "&".join(f"id={question.pk}" for question in questions)
    if next_url:
        query += f"&next={next_url}"
    return f"{url}?{query}"


def texts(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


@pytest.fixture
def organizer(client):
    return staff_with(client, "view_question", "change_question", full_name="Trần Thị Thẩm Định")


# --- bulk appraisal --------------------------------------------------------------------------


def test_bulk_appraisal_skips_the_appraisers_own_questions_by_name(client, organizer):
    colleague = UserFactory()
    theirs = [
        QuestionFactory(
            status=Question.Status.DRAFT, author=colleague, text=f"Câu của đồng nghiệp {n}?"
        )
        for n in range(2)
    ]
    mine = QuestionFactory(status=Question.Status.DRAFT, author=organizer, text="Câu tôi tự soạn?")
    retired = QuestionFactory(status=Question.Status.RETIRED, text="Câu đã ngừng dùng?")
    chosen = [*theirs, mine, retired]
    # The confirmation says beforehand which ones will be skipped and why; nothing is done yet.
    response = client.get(bulk_url("appraise", chosen))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Câu tôi tự soạn?" in page
    assert page.count("Sẽ bỏ qua") == 2
    assert "Câu hỏi phải do người khác với người soạn thẩm định." in page
    assert "Chỉ thẩm định được câu hỏi ở trạng thái bản nháp." in page
    assert not Question.objects.filter(status=Question.Status.APPRAISED).exists()
    response = client.post(bulk_url("appraise", chosen, next_url=reverse(LISTING)))
    assert response.status_code == 302
    assert response.url == reverse(LISTING)
    for question in theirs:
        question.refresh_from_db()
        assert question.status == Question.Status.APPRAISED
        assert question.appraised_by == organizer
    mine.refresh_from_db()
    assert mine.status == Question.Status.DRAFT  # four eyes: never by its author
    messages = texts(response)
    assert "Đã thẩm định 2 câu hỏi." in messages
    assert any(m.startswith("Chưa thẩm định câu “Câu tôi tự soạn?”:") for m in messages), messages
    assert any(m.startswith("Chưa thẩm định câu “Câu đã ngừng dùng?”:") for m in messages)
    assert ModelLogEntry.objects.filter(action="contests.appraise", user=organizer).count() == 2


def test_bulk_actions_need_the_change_permission(client):
    staff_with(client, "view_question")
    question = QuestionFactory(status=Question.Status.DRAFT, author=UserFactory())
    response = client.get(bulk_url("appraise", [question]))
    assert response.status_code == 200
    assert "Bạn không có quyền sửa các câu hỏi này" in response.content.decode()
    client.post(bulk_url("appraise", [question]))
    client.post(bulk_url("retire", [question]))
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT


def test_bulk_actions_are_offered_for_questions_only(client, organizer):
    url = reverse("wagtail_bulk_action", args=("contests", "contest", "appraise"))
    assert client.get(url + "?id=1").status_code == 404


# --- retire, area, difficulty ----------------------------------------------------------------


def test_bulk_retire_asks_first_then_retires_with_a_message(client, organizer):
    questions = [QuestionFactory() for _ in range(3)]
    response = client.get(bulk_url("retire", questions))
    assert "Có, ngừng sử dụng" in response.content.decode()
    assert not Question.objects.filter(status=Question.Status.RETIRED).exists()
    response = client.post(bulk_url("retire", questions))
    assert "Đã ngừng sử dụng 3 câu hỏi." in texts(response)
    assert Question.objects.filter(status=Question.Status.RETIRED).count() == 3


def test_bulk_area_change_has_a_form_step_and_keeps_the_appraisal(client, organizer):
    questions = [QuestionFactory(area=Area.PROCEDURES) for _ in range(2)]
    response = client.get(bulk_url("set_area", questions))
    assert response.status_code == 200
    assert 'name="value"' in response.content.decode()
    response = client.post(bulk_url("set_area", questions), {"value": "not-an-area"})
    assert response.status_code == 200  # shown again with the error, nothing changed
    assert not Question.objects.filter(area=Area.DIGITAL).exists()
    response = client.post(bulk_url("set_area", questions), {"value": Area.DIGITAL})
    assert response.status_code == 302
    assert "Đã chuyển 2 câu hỏi sang lĩnh vực “Chính phủ điện tử, chính phủ số”." in texts(response)
    assert set(Question.objects.values_list("area", "status")) == {
        (Area.DIGITAL, Question.Status.APPRAISED)
    }
    entry = ModelLogEntry.objects.filter(action="contests.set_area").first()
    assert entry.data == {"previous": Area.PROCEDURES, "value": Area.DIGITAL}
    assert entry.user == organizer


def test_bulk_difficulty_change(client, organizer):
    questions = [QuestionFactory(difficulty=Question.Difficulty.MEDIUM) for _ in range(2)]
    response = client.post(
        bulk_url("set_difficulty", questions), {"value": Question.Difficulty.HARD}
    )
    assert "2 câu hỏi đã chuyển sang mức độ “Khó”." in texts(response)
    assert set(Question.objects.values_list("difficulty", flat=True)) == {"hard"}


# --- single appraisal, preview ---------------------------------------------------------------


def test_single_appraisal_returns_to_the_filtered_listing(client, organizer):
    question = QuestionFactory(status=Question.Status.DRAFT, author=UserFactory())
    listing = reverse(LISTING) + "?status=draft&area=procedures"
    url = reverse("contests_admin_appraise", args=[question.pk])
    response = client.get(url, headers={"referer": f"http://testserver{listing}"})
    assert f'value="{listing.replace("&", "&amp;")}"' in response.content.decode()
    response = client.post(url, {"action": "appraise", "next": listing})
    assert response.status_code == 302
    assert response.url == listing
    question.refresh_from_db()
    assert question.status == Question.Status.APPRAISED


def test_appraisal_never_redirects_off_the_bank(client, organizer):
    question = QuestionFactory(status=Question.Status.DRAFT, author=UserFactory())
    url = reverse("contests_admin_appraise", args=[question.pk])
    for next_url in ("https://evil.example/", "/admin/users/", "//evil.example/x"):
        response = client.post(url, {"action": "retire", "next": next_url})
        assert response.url == reverse(LISTING), next_url


def test_preview_shows_the_question_as_entrants_see_it(client, organizer):
    question = QuestionFactory(text="Thủ tục hành chính là gì?", with_choices=[2])
    response = client.get(reverse("contests_admin_preview_question", args=[question.pk]))
    assert response.status_code == 200
    assert "contests/includes/quiz_question.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Thủ tục hành chính là gì?" in page
    for choice in question.choices.all():
        assert choice.text in page
    assert "is_correct" not in page and "đúng</strong>" not in page
    assert 'name="q-' in page and "checked" not in page


def test_preview_needs_the_view_permission(client):
    staff_with(client)
    question = QuestionFactory()
    response = client.get(reverse("contests_admin_preview_question", args=[question.pk]))
    assert response.status_code in (302, 403)


# --- filters ---------------------------------------------------------------------------------


def test_the_listing_filters_by_author_and_by_round(client, organizer):
    author = UserFactory(full_name="Lê Văn Soạn")
    round_ = RoundFactory(title="Tuần 3")
    by_author = QuestionFactory(author=author, text="Câu của Soạn?")
    used = QuestionFactory(text="Câu đã ra ở Tuần 3?")
    QuestionFactory(text="Câu khác?")
    RoundQuestion.objects.create(round=round_, question=used)
    listing = reverse(LISTING)
    response = client.get(listing)
    page = response.content.decode()
    assert "Lê Văn Soạn" in page and "Tuần 3" in page  # offered as choices
    rows = client.get(listing, {"author": author.pk}).context["object_list"]
    assert list(rows) == [by_author]
    rows = client.get(listing, {"used_in_round": round_.pk}).context["object_list"]
    assert list(rows) == [used]
    rows = client.get(
        listing, {"area": Area.PROCEDURES, "difficulty": "medium", "status": "appraised"}
    ).context["object_list"]
    assert set(rows) == {by_author, used, Question.objects.get(text="Câu khác?")}


def test_the_filtered_listing_runs_a_bounded_number_of_queries(
    client, organizer, django_assert_max_num_queries
):
    rounds = [RoundFactory() for _ in range(3)]
    listing = reverse(LISTING)
    query = {"used_in_round": rounds[0].pk, "status": "appraised"}

    def fill(count):
        for _ in range(count):
            question = QuestionFactory(author=UserFactory())
            RoundQuestion.objects.create(round=rounds[0], question=question)

    fill(3)
    client.get(listing, query)  # warm caches (permissions, site, hooks)
    with django_assert_max_num_queries(40) as small:
        client.get(listing, query)
    fill(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(listing, query)
    assert len(response.context["object_list"]) == 23
