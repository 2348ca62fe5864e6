"""The question bank's consistency: correct choices fit the kind, and appraisal holds only for
the text and choices it saw."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from contests import services
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


def edit_data(question, correct, text=None):
    choices = list(question.choices.all())
    data = {
        "text": text or question.text,
        "area": question.area,
        "difficulty": question.difficulty,
        "audience": question.audience,
        "kind": question.kind,
        "explanation": question.explanation,
        "legal_source": question.legal_source,
        "choices-TOTAL_FORMS": str(len(choices)),
        "choices-INITIAL_FORMS": str(len(choices)),
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "4",
    }
    for index, choice in enumerate(choices):
        data[f"choices-{index}-id"] = str(choice.pk)
        data[f"choices-{index}-text"] = choice.text
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
