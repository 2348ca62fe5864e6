"""A course's final test is a round limited to the course's participants; its graded score (out
of 10) feeds course completion against the course's pass mark. And the personal-data download
shows a score only when the round's policy does."""

from decimal import Decimal

import pytest
from django.urls import reverse

from contests import personal_data, services
from contests.models import Attempt, Choice, Round
from contests.services import ContestError
from courses.models import Attendance, Registration
from courses.services import completion_overview
from tests.contests.factories import EntrantGroupFactory, EntryFactory, RoundFactory, bank
from tests.courses.factories import CourseFactory

pytestmark = pytest.mark.django_db


def final_test(pass_mark="8.00", questions=5):
    course = CourseFactory(pass_mark=Decimal(pass_mark), sessions=1)
    group = EntrantGroupFactory()
    round_ = RoundFactory(
        contest=group.contest, course=course, question_count=questions, attempts_allowed=2
    )
    bank(questions)
    return course, group, round_


def seat(course, person, attended=True):
    registration = Registration.objects.create(
        course=course, person=person, status=Registration.Status.CONFIRMED
    )
    if attended:
        for session in course.sessions.all():
            Attendance.objects.create(
                registration=registration,
                session=session,
                status=Attendance.Status.PRESENT,
                method=Attendance.Method.choices[0][0],
            )
    return registration


def answer(attempt, person, right):
    for index, (question_id, _choices, _several) in enumerate(attempt.draw):
        chosen = Choice.objects.filter(question_id=question_id, is_correct=index < right)
        if index >= right:
            chosen = chosen[:1]
        services.save_answer(
            attempt.pk, person, question_id, list(chosen.values_list("pk", flat=True))
        )
    return services.submit(attempt.pk, person)


def test_a_non_participant_is_refused_at_start_with_a_message(client):
    course, group, round_ = final_test()
    outsider = EntryFactory(group=group)
    with pytest.raises(ContestError) as error:
        services.start_attempt(round_, outsider.person)
    assert error.value.code == "not_participant"
    assert str(error.value.message) == "Bài kiểm tra này chỉ dành cho học viên của khóa học."
    client.force_login(outsider.person)
    response = client.post(
        reverse("contests:start", args=[group.contest.slug, round_.pk]), follow=True
    )
    assert "chỉ dành cho học viên của khóa học" in response.content.decode()
    assert not Attempt.objects.exists()
    # A cancelled registration is not a seat either.
    Registration.objects.create(
        course=course, person=outsider.person, status=Registration.Status.CANCELLED
    )
    with pytest.raises(ContestError):
        services.start_attempt(round_, outsider.person)


def test_the_graded_score_sets_the_final_test_score_and_completion_follows_the_pass_mark():
    course, group, round_ = final_test(pass_mark="8.00", questions=5)
    passing, failing = EntryFactory(group=group), EntryFactory(group=group)
    passing_seat = seat(course, passing.person)
    failing_seat = seat(course, failing.person)

    attempt = answer(services.start_attempt(round_, failing.person), failing.person, right=3)
    assert attempt.score == Decimal("60.00")
    failing_seat.refresh_from_db()
    assert failing_seat.final_test_score == Decimal("6.00")

    attempt = answer(services.start_attempt(round_, passing.person), passing.person, right=4)
    passing_seat.refresh_from_db()
    assert passing_seat.final_test_score == Decimal("8.00")  # exactly the pass mark passes
    # A worse second attempt does not lower the best score.
    answer(services.start_attempt(round_, passing.person), passing.person, right=1)
    passing_seat.refresh_from_db()
    assert passing_seat.final_test_score == Decimal("8.00")

    overview = {row.registration.pk: row for row in completion_overview(course)}
    assert overview[passing_seat.pk].meets_test and overview[passing_seat.pk].completed
    assert not overview[failing_seat.pk].meets_test
    assert not overview[failing_seat.pk].completed


@pytest.mark.parametrize(
    ("policy", "closed", "shown"),
    [
        (Round.Reveal.AFTER_ATTEMPT, False, True),
        (Round.Reveal.AFTER_CLOSE, False, False),
        (Round.Reveal.AFTER_CLOSE, True, True),
        (Round.Reveal.NEVER, True, False),
    ],
)
def test_the_personal_data_download_shows_the_score_only_when_the_round_does(policy, closed, shown):
    from datetime import timedelta

    from django.utils import timezone

    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=2, show_score=policy)
    bank(2)
    entry = EntryFactory(group=group)
    attempt = services.submit(services.start_attempt(round_, entry.person).pk, entry.person)
    assert attempt.score is not None
    if closed:
        Round.objects.filter(pk=round_.pk).update(
            opens_at=timezone.now() - timedelta(days=2),
            closes_at=timezone.now() - timedelta(minutes=1),
        )
    [data] = personal_data.export(entry.person)["entries"]
    [row] = data["attempts"]
    assert (row["score"] is not None) is shown
    if shown:
        assert row["score"] == attempt.score
