"""The quiz's hot requests stay lean: saving an answer and submitting (with the whole form, as the
page's button posts it) take a fixed number of queries however many questions the round has, and
a refused form stores nothing."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contests import services
from contests.models import Answer, Attempt
from contests.services import ContestError
from tests.contests.factories import EntrantGroupFactory, EntryFactory, RoundFactory, bank

pytestmark = pytest.mark.django_db

SAVE_QUERIES = 4  # begin, the attempt locked, one upsert, commit
# One transaction: begin, the attempt locked, its answers read, the changed ones upserted, the
# prediction, the status gate, the answer key, the answers marked, the attempt scored, commit.
SUBMIT_FORM_QUERIES = 10
# A view adds the session and the user (both from the database in tests; Redis in production).
VIEW_EXTRA = 2


def started(questions):
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=questions)
    bank(questions + 2)
    entry = EntryFactory(group=group)
    return entry, services.start_attempt(round_, entry.person)


@pytest.mark.parametrize("questions", [3, 15])
def test_saving_an_answer_takes_the_same_queries_first_time_and_after(
    questions, django_assert_num_queries
):
    entry, attempt = started(questions)
    for question_id, _choices, _several in attempt.draw:
        with django_assert_num_queries(SAVE_QUERIES):
            services.save_answer(attempt.pk, entry.person, question_id, [1], by_position=True)
    question_id, choices, _ = attempt.draw[0]
    with django_assert_num_queries(SAVE_QUERIES):  # a change: the upsert updates
        services.save_answer(attempt.pk, entry.person, question_id, [2], by_position=True)
    assert Answer.objects.filter(attempt=attempt).count() == questions
    assert Answer.objects.get(attempt=attempt, question_id=question_id).choices == [choices[2]]


@pytest.mark.parametrize("questions", [3, 15])
def test_submitting_the_whole_form_is_bounded(questions, django_assert_max_num_queries):
    entry, attempt = started(questions)
    form = {str(question_id): ["0"] for question_id, _c, _s in attempt.draw}
    with CaptureQueriesContext(connection) as captured:
        graded = services.submit_form(attempt.pk, entry.person, form, "1.250")
    assert len(captured) <= SUBMIT_FORM_QUERIES
    assert graded.status == Attempt.Status.SUBMITTED
    assert graded.prediction == 1250
    assert Answer.objects.filter(attempt=attempt, is_correct__isnull=True).count() == 0
    right = Answer.objects.filter(attempt=attempt, is_correct=True).count()
    assert graded.correct_count == right
    assert Answer.objects.filter(attempt=attempt).count() == questions


def test_answers_the_autosave_stored_are_not_written_again(django_assert_num_queries):
    entry, attempt = started(5)
    for question_id, _c, _s in attempt.draw:
        services.save_answer(attempt.pk, entry.person, question_id, [0], by_position=True)
    form = {str(question_id): ["0"] for question_id, _c, _s in attempt.draw}
    with django_assert_num_queries(SUBMIT_FORM_QUERIES - 2):  # no upsert, no prediction
        graded = services.submit_form(attempt.pk, entry.person, form, None)
    assert graded.status == Attempt.Status.SUBMITTED
    assert graded.correct_count == Answer.objects.filter(attempt=attempt, is_correct=True).count()


def test_query_counts_do_not_grow_with_questions():
    counts = []
    for questions in (3, 20):
        entry, attempt = started(questions)
        form = {str(question_id): ["1"] for question_id, _c, _s in attempt.draw}
        with CaptureQueriesContext(connection) as captured:
            services.submit_form(attempt.pk, entry.person, form, None)
        counts.append(len(captured))
        Attempt.objects.filter(pk=attempt.pk).delete()
    assert counts[0] == counts[1]


def test_a_refused_answer_in_the_form_stores_none_of_it():
    entry, attempt = started(4)
    first, second = attempt.draw[0][0], attempt.draw[1][0]
    form = {str(first): ["0"], str(second): ["9"]}  # no 10th choice: a tampered form
    with pytest.raises(ContestError) as error:
        services.save_form(attempt.pk, entry.person, form, None)
    assert error.value.code == "choice_not_in_question"
    assert not Answer.objects.exists()


def test_a_mistyped_prediction_keeps_the_answers_of_the_same_form():
    entry, attempt = started(3)
    form = {str(attempt.draw[0][0]): ["1"]}
    with pytest.raises(ContestError) as error:
        services.save_form(attempt.pk, entry.person, form, "12,5")
    assert error.value.code == "prediction_not_whole"
    assert Answer.objects.filter(attempt=attempt).count() == 1
    attempt.refresh_from_db()
    assert attempt.prediction is None


@pytest.mark.parametrize("questions", [3, 15])
def test_the_views_stay_bounded(client, questions, django_assert_max_num_queries):
    entry, attempt = started(questions)
    client.force_login(entry.person)
    question_id = attempt.draw[-1][0]
    with django_assert_max_num_queries(SAVE_QUERIES + VIEW_EXTRA):
        response = client.post(
            f"/cuoc-thi/bai-thi/{attempt.pk}/luu/",
            json.dumps({"question": question_id, "choices": [0]}),
            content_type="application/json",
        )
    assert response.status_code == 200
    assert response.json()["ok"] is True
    form = {f"q-{question_id}": "0" for question_id, _c, _s in attempt.draw}
    with django_assert_max_num_queries(SUBMIT_FORM_QUERIES + VIEW_EXTRA):
        response = client.post(f"/cuoc-thi/bai-thi/{attempt.pk}/nop/", form)
    assert response.status_code == 302
    assert response["Location"].endswith("/ket-qua/")
    attempt.refresh_from_db()
    assert attempt.score is not None
