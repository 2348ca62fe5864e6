"""The question bank's consistency: correct choices fit the kind, and appraisal holds only for
the text and choices it saw."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from contests import formatting, services
from contests.editor import FormattedTextArea, canonical, from_editor, to_editor
from contests.models import Choice, Question
from contests.services import ContestError
from tests.contests.factories import QuestionFactory
from tests.factories import UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db


def true_false(correct=(0,), count=2):
    question = QuestionFactory(
        status=Question.Status.DRAFT, kind=Question.Kind.TRUE_FALSE, with_choices=False
    )
    for index in range(count):
        Choice.objects.create(
            question=question, text=f"Phương án {index}", is_correct=index in correct
        )
    return question


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (
            lambda: QuestionFactory(
                status=Question.Status.DRAFT, kind=Question.Kind.SINGLE, with_choices=[0, 1]
            ),
            "kind_single",
        ),
        (lambda: true_false(correct=(0,), count=4), "kind_true_false"),
        (lambda: true_false(correct=(0, 1)), "kind_true_false"),
    ],
)
def test_appraisal_refuses_choices_that_do_not_fit_the_kind(make, code):
    question = make()
    with pytest.raises(ContestError) as error:
        services.appraise_question(question, UserFactory())
    assert error.value.code == code
    assert "đúng" in str(error.value.message)
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT


def test_appraisal_accepts_each_kind_when_it_fits():
    for question in [
        QuestionFactory(status=Question.Status.DRAFT, with_choices=[2]),
        QuestionFactory(
            status=Question.Status.DRAFT, kind=Question.Kind.MULTIPLE, with_choices=[0, 3]
        ),
        true_false(),
    ]:
        services.appraise_question(question, UserFactory())
        question.refresh_from_db()
        assert question.status == Question.Status.APPRAISED


def as_posted(text, inline=False):
    """What the question editor's rich text box posts for a stored text."""
    return FormattedTextArea(inline=inline).format_value(text)


def edit_data(question, correct, text=None):
    choices = list(question.choices.all())
    data = {
        "text": as_posted(text or question.text),
        "area": question.area,
        "difficulty": question.difficulty,
        "audience": question.audience,
        "kind": question.kind,
        "explanation": as_posted(question.explanation),
        "legal_source": question.legal_source,
        "choices-TOTAL_FORMS": str(len(choices)),
        "choices-INITIAL_FORMS": str(len(choices)),
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "4",
    }
    for index, choice in enumerate(choices):
        data[f"choices-{index}-id"] = str(choice.pk)
        data[f"choices-{index}-text"] = as_posted(choice.text, inline=True)
        data[f"choices-{index}-sort_order"] = str(index)
        if index in correct:
            data[f"choices-{index}-is_correct"] = "on"
    return data


@pytest.fixture
def organizer(client):
    organizer = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, organizer)
    return organizer


def test_the_editor_refuses_two_correct_choices_on_a_single_answer_question(client, organizer):
    question = QuestionFactory(status=Question.Status.DRAFT, with_choices=[0])
    url = reverse("wagtailsnippets_contests_question:edit", args=[question.pk])
    response = client.post(url, edit_data(question, correct={0, 1}))
    assert response.status_code == 200
    assert "phải có đúng một phương án được đánh dấu là đúng" in response.content.decode()
    assert question.choices.filter(is_correct=True).count() == 1


def test_editing_an_appraised_question_returns_it_to_draft(client, organizer):
    question = QuestionFactory(with_choices=[0])
    Question.objects.filter(pk=question.pk).update(appraised_by=UserFactory())
    url = reverse("wagtailsnippets_contests_question:edit", args=[question.pk])
    # Saving without a change keeps the appraisal.
    response = client.post(url, edit_data(question, correct={0}))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.APPRAISED
    # Moving the correct answer after appraisal sends it back to draft, logged.
    response = client.post(url, edit_data(question, correct={1}))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT
    assert question.appraised_by is None
    assert ModelLogEntry.objects.filter(
        action="contests.reopen", object_id=str(question.pk), user=organizer
    ).exists()
    # So does editing the text of an appraised question.
    services.appraise_question(question, UserFactory())
    response = client.post(url, edit_data(question, correct={1}, text="Câu hỏi đã sửa?"))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT


# ----------------------------------------------------------------------------------------------
# The editor shows formatted text formatted (editor.py)
# ----------------------------------------------------------------------------------------------

MOODLE_TEXT = (
    "<p>Theo <b>Nghị định</b> 118, <u>H<sub>2</sub>O</u> và x<sup>2</sup>:</p><ul><li>một</li></ul>"
)


@pytest.mark.parametrize(
    "stored",
    [
        "Ai ký quyết định?",
        "Dòng một\nDòng hai",
        "x < 5 và y > 3 & z",
        MOODLE_TEXT,
        "<i>Chỉ</i> nghiêng",
    ],
)
def test_opening_and_saving_keeps_what_the_text_says(stored):
    widget = FormattedTextArea()
    again = widget.value_from_datadict({"text": widget.format_value(stored)}, {}, "text")
    if not formatting.is_html(stored):
        assert again == stored  # plain text stays exactly as typed
    assert formatting.plain_text(again) == formatting.plain_text(stored)
    assert canonical(again) == canonical(stored) == again


def test_an_unbalanced_stored_tag_opens_as_entrants_see_it():
    widget = FormattedTextArea()
    again = widget.value_from_datadict(
        {"text": widget.format_value("<b> là thẻ in đậm")}, {}, "text"
    )
    assert again == "<p><b>là thẻ in đậm</b></p>"


def test_the_editor_receives_formatting_not_tags():
    posted = FormattedTextArea().format_value(MOODLE_TEXT)
    assert "<b>" not in posted and "&lt;b&gt;" not in posted
    assert '"BOLD"' in posted and '"UNDERLINE"' in posted and '"SUBSCRIPT"' in posted
    assert '"unordered-list-item"' in posted


def test_what_the_editor_sends_is_cut_to_the_allow_list():
    assert from_editor('<p data-block-key="a">Xin <b>chào</b><script>x()</script></p>') == (
        "<p>Xin <b>chào</b></p>"
    )
    assert from_editor("<p>Một <b>hai</b></p><p>ba</p>", inline=True) == "Một <b>hai</b><br>ba"
    assert from_editor("<p>Chỉ chữ &amp; số</p>", inline=True) == "Chỉ chữ & số"
    assert from_editor('<p data-block-key="a">Chỉ chữ</p>') == "Chỉ chữ"
    assert from_editor("<p>Một</p><p>Hai</p>") == "Một\n\nHai"
    assert to_editor("") == ""


def test_an_imported_formatted_question_opens_formatted_and_lists_as_words(client, organizer):
    question = QuestionFactory(status=Question.Status.DRAFT, with_choices=[0])
    Question.objects.filter(pk=question.pk).update(text=MOODLE_TEXT)
    Choice.objects.filter(question=question).update(text="<b>Đúng</b> vậy")
    question.refresh_from_db()
    edit = client.get(reverse("wagtailsnippets_contests_question:edit", args=[question.pk]))
    page = edit.content.decode()
    assert "&amp;lt;b&amp;gt;" not in page and "&lt;b&gt;Nghị" not in page
    assert "BOLD" in page and "data-draftail-input" in page
    listing = client.get(reverse("wagtailsnippets_contests_question:list")).content.decode()
    assert "Theo Nghị định 118, H2O và x2: một" in listing
    assert "&lt;b&gt;" not in listing
    # Saving it unchanged keeps every tag where it was.
    response = client.post(
        reverse("wagtailsnippets_contests_question:edit", args=[question.pk]),
        edit_data(question, correct={0}),
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert canonical(question.text) == canonical(MOODLE_TEXT)
    assert "<u>H</u><sub><u>2</u></sub>" in question.text
    assert question.choices.first().text == "<b>Đúng</b> vậy"


def test_saving_an_appraised_formatted_question_unchanged_keeps_its_appraisal(client, organizer):
    question = QuestionFactory(with_choices=[0])
    Question.objects.filter(pk=question.pk).update(text=MOODLE_TEXT, appraised_by=UserFactory())
    question.refresh_from_db()
    url = reverse("wagtailsnippets_contests_question:edit", args=[question.pk])
    assert client.post(url, edit_data(question, correct={0})).status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.APPRAISED


@pytest.mark.parametrize(
    ("posted", "stored"),
    [
        ("Chữ gõ tay <b>", "<p>Chữ gõ tay &lt;b&gt;</p>"),  # shown as typed, not as bold
        ("[1, 2]", "[1, 2]"),
        ('{"blocks": "x"}', '{"blocks": "x"}'),
    ],
)
def test_a_post_that_is_not_the_editors_json_is_taken_as_plain_words(posted, stored):
    assert FormattedTextArea().value_from_datadict({"text": posted}, {}, "text") == stored
