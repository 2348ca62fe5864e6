"""Entries, drawing by blueprint, saving answers, the server's deadline and grading once."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from contests import services
from contests.models import Answer, Area, Attempt, Audience, Choice, Question
from contests.services import ContestError
from tests.contests.factories import (
    ADULT,
    EntrantGroupFactory,
    EntryFactory,
    QuestionFactory,
    RoundFactory,
    bank,
    blueprint,
)
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=5)
    bank(8)
    entry = EntryFactory(group=group)
    return round_, entry


def correct_ids(question_id):
    return list(
        Choice.objects.filter(question_id=question_id, is_correct=True).values_list("pk", flat=True)
    )


# --- entries -------------------------------------------------------------------------------


def test_entry_checks_cccd_against_birth_year_and_refuses_duplicates():
    group = EntrantGroupFactory(contest__require_cccd=True)
    contest = group.contest
    person = UserFactory()
    with pytest.raises(ContestError) as error:
        services.create_entry(
            contest,
            person,
            group=group,
            unit=person.unit,
            cccd="079095001234",
            date_of_birth=ADULT,
            consent=True,
        )
    assert error.value.code == "cccd_birth_year"
    entry = services.create_entry(
        contest,
        person,
        group=group,
        unit=person.unit,
        cccd="079090001234",
        date_of_birth=ADULT,
        consent=True,
    )
    assert entry.masked_cccd == "*********234"
    other = UserFactory()
    with pytest.raises(ContestError) as error:
        services.create_entry(
            contest,
            other,
            group=group,
            unit=other.unit,
            cccd="079090001234",
            date_of_birth=ADULT,
            consent=True,
        )
    assert error.value.code == "duplicate_cccd"
    with pytest.raises(ContestError) as error:
        services.create_entry(
            contest,
            person,
            group=group,
            unit=person.unit,
            cccd="079090009999",
            date_of_birth=ADULT,
            consent=True,
        )
    assert error.value.code == "already_entered"


def test_committee_members_cannot_enter_and_citizens_must_be_adults():
    group = EntrantGroupFactory()
    citizens = EntrantGroupFactory(contest=group.contest, audience=Audience.PUBLIC, min_age=18)
    member = UserFactory()
    group.contest.committee.add(member)
    with pytest.raises(ContestError) as error:
        services.create_entry(group.contest, member, group=group, unit=member.unit, consent=True)
    assert error.value.code == "committee"
    teen = UserFactory(unit=None)
    born = timezone.localdate() - timedelta(days=17 * 365)
    with pytest.raises(ContestError) as error:
        services.create_entry(group.contest, teen, group=citizens, date_of_birth=born, consent=True)
    assert error.value.code == "too_young"
    adult = UserFactory(unit=None)
    entry = services.create_entry(
        group.contest, adult, group=citizens, date_of_birth=date(1980, 1, 1), consent=True
    )
    assert entry.unit is None


def test_group_limited_to_listed_units():
    group = EntrantGroupFactory()
    listed = UnitFactory()
    group.units.add(listed)
    outsider = UserFactory()
    with pytest.raises(ContestError) as error:
        services.create_entry(
            group.contest, outsider, group=group, unit=outsider.unit, consent=True
        )
    assert error.value.code == "unit_not_eligible"
    with pytest.raises(ContestError) as error:
        services.create_entry(group.contest, outsider, group=group, unit=listed, consent=False)
    assert error.value.code == "consent_required"


# --- drawing -------------------------------------------------------------------------------


def test_blueprint_draws_the_right_count_per_area_for_the_group():
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest)
    blueprint(round_, **{Area.PROCEDURES: 2, Area.DIGITAL: 3, Area.CIVIL_SERVICE: 1})
    bank(4, Area.PROCEDURES)
    bank(5, Area.DIGITAL)
    bank(2, Area.CIVIL_SERVICE)
    bank(3, Area.CIVIL_SERVICE, audience=Audience.PUBLIC)  # never for civil servants
    QuestionFactory(area=Area.DIGITAL, status=Question.Status.DRAFT)  # never drawn
    entry = EntryFactory(group=group)
    attempt = services.start_attempt(round_, entry.person, rng=random.Random(7))
    drawn = Question.objects.filter(pk__in=attempt.question_ids())
    areas = sorted(drawn.values_list("area", flat=True))
    assert areas.count(Area.PROCEDURES) == 2
    assert areas.count(Area.DIGITAL) == 3
    assert areas.count(Area.CIVIL_SERVICE) == 1
    assert not drawn.filter(audience=Audience.PUBLIC).exists()
    assert not drawn.exclude(status=Question.Status.APPRAISED).exists()
    assert attempt.question_total == 6
    # Choices are shuffled per attempt, and each drawn list holds exactly the question's choices.
    for question_id, choice_ids, _several in attempt.draw:
        assert sorted(choice_ids) == sorted(
            Choice.objects.filter(question_id=question_id).values_list("pk", flat=True)
        )
    orders = set()
    for seed in range(12):
        orders.add(
            tuple(
                services.draw_questions(round_, Audience.CIVIL_SERVANTS, random.Random(seed))[0][1]
            )
        )
    assert len(orders) > 1


def test_bank_too_small_is_a_clear_refusal(setup):
    round_, entry = setup
    blueprint(round_, **{Area.LEADERSHIP: 3})
    with pytest.raises(ContestError) as error:
        services.start_attempt(round_, entry.person)
    assert error.value.code == "bank_too_small"
    assert not Attempt.objects.exists()


def test_start_outside_the_window_and_past_the_attempt_limit(setup):
    round_, entry = setup
    with pytest.raises(ContestError) as error:
        services.start_attempt(round_, entry.person, now=round_.opens_at - timedelta(seconds=1))
    assert error.value.code == "not_open_yet"
    with pytest.raises(ContestError) as error:
        services.start_attempt(round_, entry.person, now=round_.closes_at)
    assert error.value.code == "closed"
    attempt = services.start_attempt(round_, entry.person)
    assert services.start_attempt(round_, entry.person).pk == attempt.pk  # a reload resumes
    services.submit(attempt.pk, entry.person)
    with pytest.raises(ContestError) as error:
        services.start_attempt(round_, entry.person)
    assert error.value.code == "no_attempts_left"
    stranger = UserFactory()
    with pytest.raises(ContestError) as error:
        services.start_attempt(round_, stranger)
    assert error.value.code == "not_entered"


def test_start_query_count_is_bounded(setup, django_assert_max_num_queries):
    round_, entry = setup
    bank(200)
    # One more than the draw itself: the drawn questions recorded for rotation (one insert).
    with django_assert_max_num_queries(10):
        services.start_attempt(round_, entry.person)


# --- saving and the deadline ----------------------------------------------------------------


def test_saving_is_idempotent_and_validated(setup, django_assert_max_num_queries):
    round_, entry = setup
    attempt = services.start_attempt(round_, entry.person)
    question_id, choice_ids, _ = attempt.draw[0]
    # First save: begin (a savepoint here), the attempt locked, update, insert, commit.
    with django_assert_max_num_queries(5):
        services.save_answer(attempt.pk, entry.person, question_id, [choice_ids[1]])
    with django_assert_max_num_queries(4):  # later saves: begin, attempt locked, update, commit
        services.save_answer(attempt.pk, entry.person, question_id, [choice_ids[1]])
    services.save_answer(attempt.pk, entry.person, question_id, [choice_ids[2]])
    assert Answer.objects.get().choices == [choice_ids[2]]
    other_question = QuestionFactory()
    for args, code in [
        ((other_question.pk, []), "question_not_in_attempt"),
        ((question_id, [other_question.choices.first().pk]), "choice_not_in_question"),
        ((question_id, choice_ids[:2]), "one_choice_only"),
        (("x", []), "answer_invalid"),
        ((question_id, [float("inf")]), "answer_invalid"),
    ]:
        with pytest.raises(ContestError) as error:
            services.save_answer(attempt.pk, entry.person, *args)
        assert error.value.code == code
    intruder = UserFactory()
    with pytest.raises(ContestError) as error:
        services.save_answer(attempt.pk, intruder, question_id, [choice_ids[0]])
    assert error.value.code == "not_found"
    for bad in ["-3", "abc", "1.5e3", ""]:
        with pytest.raises(ContestError) as error:
            services.save_prediction(attempt.pk, entry.person, bad)
        assert error.value.code == "prediction_invalid"
    services.save_prediction(attempt.pk, entry.person, "1.250")
    attempt.refresh_from_db()
    assert attempt.prediction == 1250


def test_deadline_and_grace_are_the_servers(setup):
    round_, entry = setup
    start = timezone.now()
    attempt = services.start_attempt(round_, entry.person, now=start)
    assert attempt.deadline == start + timedelta(minutes=10, seconds=20)
    question_id, choice_ids, _ = attempt.draw[0]
    within_grace = start + timedelta(minutes=10, seconds=15)
    services.save_answer(attempt.pk, entry.person, question_id, [choice_ids[0]], now=within_grace)
    late = start + timedelta(minutes=10, seconds=21)
    with pytest.raises(ContestError) as error:
        services.save_answer(attempt.pk, entry.person, question_id, [choice_ids[1]], now=late)
    assert error.value.code == "deadline"
    assert Answer.objects.get().choices == [choice_ids[0]]
    # The periodic task closes it at its deadline and grades the answers saved in time.
    assert services.close_overdue(now=late) == 1
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.TIMED_OUT
    assert attempt.submitted_at == attempt.deadline
    assert attempt.score is not None
    assert services.close_overdue(now=late + timedelta(minutes=5)) == 0


def test_submit_grades_once_even_when_repeated(setup, django_assert_max_num_queries):
    round_, entry = setup
    start = timezone.now()
    attempt = services.start_attempt(round_, entry.person, now=start)
    for index, (question_id, _choices, _) in enumerate(attempt.draw):
        chosen = correct_ids(question_id) if index < 3 else []
        if chosen:
            services.save_answer(attempt.pk, entry.person, question_id, chosen, now=start)
    with django_assert_max_num_queries(9):
        first = services.submit(attempt.pk, entry.person, now=start + timedelta(seconds=95))
    assert first.status == Attempt.Status.SUBMITTED
    assert first.correct_count == 3
    assert first.score == Decimal("60.00")
    assert first.duration_ms == 95_000
    # Break a graded answer: a second grading would rewrite it; a second submit must not.
    Answer.objects.update(is_correct=None)
    second = services.submit(attempt.pk, entry.person, now=start + timedelta(seconds=200))
    assert second.submitted_at == first.submitted_at
    assert second.duration_ms == 95_000
    assert not Answer.objects.exclude(is_correct=None).exists()
    with pytest.raises(ContestError) as error:
        services.save_answer(attempt.pk, entry.person, attempt.draw[0][0], [], now=start)
    assert error.value.code == "attempt_closed"


def test_multiple_choice_needs_exactly_the_correct_set():
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=1)
    question = QuestionFactory(kind=Question.Kind.MULTIPLE, with_choices=[0, 2])
    entry = EntryFactory(group=group)
    attempt = services.start_attempt(round_, entry.person)
    right = correct_ids(question.pk)
    services.save_answer(attempt.pk, entry.person, question.pk, right[:1])
    assert services.submit(attempt.pk, entry.person).correct_count == 0
    round_.attempts_allowed = 2
    round_.save()
    attempt = services.start_attempt(round_, entry.person)
    services.save_answer(attempt.pk, entry.person, question.pk, right)
    assert services.submit(attempt.pk, entry.person).correct_count == 1


def test_a_fullwidth_cccd_is_the_same_cccd():
    group = EntrantGroupFactory(contest__require_cccd=True)
    first, second = UserFactory(), UserFactory()
    entry = services.create_entry(
        group.contest,
        first,
        group=group,
        unit=first.unit,
        cccd="079090001234",
        date_of_birth=ADULT,
        consent=True,
    )
    with pytest.raises(ContestError) as error:
        services.create_entry(
            group.contest,
            second,
            group=group,
            unit=second.unit,
            cccd="０79090001234",
            date_of_birth=ADULT,
            consent=True,
        )
    assert error.value.code == "duplicate_cccd"
    with pytest.raises(ContestError) as error:
        services.create_entry(
            group.contest,
            second,
            group=group,
            unit=second.unit,
            cccd="٠٧٩٠٩٠٠٠١٢٣٥",
            date_of_birth=ADULT,
            consent=True,
        )
    assert error.value.code == "cccd_format"
    entry.delete()
    stored = services.create_entry(
        group.contest,
        second,
        group=group,
        unit=second.unit,
        cccd="０７９０９０００１２３４",
        date_of_birth=ADULT,
        consent=True,
    )
    assert stored.cccd == "079090001234"


def test_citizens_must_give_a_date_of_birth_civil_servants_need_not():
    group = EntrantGroupFactory()
    citizens = EntrantGroupFactory(contest=group.contest, audience=Audience.PUBLIC, min_age=18)
    assert group.contest.require_date_of_birth is False
    with pytest.raises(ContestError) as error:
        services.create_entry(group.contest, UserFactory(unit=None), group=citizens, consent=True)
    assert error.value.code == "dob_required_public"
    assert "18" in str(error.value.message)
    born = timezone.localdate() - timedelta(days=18 * 365 + 10)
    adult = services.create_entry(
        group.contest, UserFactory(unit=None), group=citizens, date_of_birth=born, consent=True
    )
    assert adult.date_of_birth == born
    servant = UserFactory()
    entry = services.create_entry(
        group.contest, servant, group=group, unit=servant.unit, consent=True
    )
    assert entry.date_of_birth is None
