"""Blueprints by area and difficulty, checked for every entrant group before a round can be
saved (the round editor and the service), honoured by the draw, and bank rotation."""

import random
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contests import services
from contests.models import Area, Audience, BlueprintItem, Question, Round, RoundQuestion
from contests.services import ContestError
from contests.services.blueprints import bank_shortfalls
from tests.contests.factories import (
    EntrantGroupFactory,
    EntryFactory,
    QuestionFactory,
    RoundFactory,
)
from tests.factories import UserFactory
from tests.helpers import admin_client
from tests.security.payloads import form_data

pytestmark = pytest.mark.django_db

EASY, MEDIUM, HARD = Question.Difficulty.EASY, Question.Difficulty.MEDIUM, Question.Difficulty.HARD


def questions(count, area=Area.PROCEDURES, difficulty=MEDIUM, audience=Audience.ALL, **kwargs):
    return [
        QuestionFactory(area=area, difficulty=difficulty, audience=audience, **kwargs)
        for _ in range(count)
    ]


def line(round_, area, difficulty, count):
    return BlueprintItem.objects.create(round=round_, area=area, difficulty=difficulty, count=count)


@pytest.fixture
def two_groups():
    servants = EntrantGroupFactory(name="Cán bộ, công chức", audience=Audience.CIVIL_SERVANTS)
    citizens = EntrantGroupFactory(
        contest=servants.contest, name="Người dân", audience=Audience.PUBLIC
    )
    round_ = RoundFactory(contest=servants.contest)
    return round_, servants, citizens


# --- the check -------------------------------------------------------------------------------


def test_a_blueprint_the_bank_fills_for_every_group_passes(two_groups):
    round_, _servants, _citizens = two_groups
    line(round_, Area.PROCEDURES, EASY, 2)
    line(round_, Area.PROCEDURES, HARD, 1)
    questions(2, difficulty=EASY)
    questions(1, difficulty=HARD)
    assert bank_shortfalls(round_) == []
    services.check_round_bank(round_)


def test_each_group_short_of_a_line_is_named_with_the_shortfall(two_groups):
    round_, _servants, _citizens = two_groups
    line(round_, Area.PROCEDURES, EASY, 2)
    line(round_, Area.PROCEDURES, HARD, 1)
    questions(1, difficulty=HARD)
    questions(2, difficulty=EASY, audience=Audience.CIVIL_SERVANTS)  # citizens cannot get these
    with pytest.raises(ContestError) as error:
        services.check_round_bank(round_)
    message = error.value.message
    assert "Đối tượng “Người dân”: thiếu 2 câu dễ lĩnh vực “Cải cách thủ tục hành chính”" in (
        message
    ), message
    assert "(cần 2, có 0)" in message
    assert "Cán bộ, công chức" not in message


def test_drafts_retired_questions_and_the_wrong_area_do_not_count(two_groups):
    round_, _servants, _citizens = two_groups
    line(round_, Area.DIGITAL, HARD, 2)
    questions(1, area=Area.DIGITAL, difficulty=HARD)
    questions(1, area=Area.DIGITAL, difficulty=HARD, status=Question.Status.DRAFT)
    questions(1, area=Area.DIGITAL, difficulty=HARD, status=Question.Status.RETIRED)
    questions(3, area=Area.PROCEDURES, difficulty=HARD)
    shortfalls = bank_shortfalls(round_)
    assert [(s.group, s.needed, s.available, s.missing) for s in shortfalls] == [
        ("Cán bộ, công chức", 2, 1, 1),
        ("Người dân", 2, 1, 1),
    ]


def test_a_line_of_any_difficulty_takes_what_the_other_lines_leave(two_groups):
    round_, _servants, _citizens = two_groups
    line(round_, Area.PROCEDURES, "", 2)  # entered first, still filled last
    line(round_, Area.PROCEDURES, EASY, 2)
    questions(3, difficulty=EASY)
    shortfalls = bank_shortfalls(round_)
    assert {(s.difficulty, s.needed, s.available) for s in shortfalls} == {("", 2, 1)}
    assert "thiếu 1 câu lĩnh vực “Cải cách thủ tục hành chính”" in shortfalls[0].message
    questions(1, difficulty=HARD)
    assert bank_shortfalls(round_) == []


def test_without_a_blueprint_the_question_count_is_checked(two_groups):
    round_, _servants, _citizens = two_groups  # question_count = 5
    questions(4)
    assert [shortfall.message for shortfall in bank_shortfalls(round_)] == [
        "Đối tượng “Cán bộ, công chức”: thiếu 1 câu (cần 5, có 4).",
        "Đối tượng “Người dân”: thiếu 1 câu (cần 5, có 4).",
    ]
    questions(1)
    assert bank_shortfalls(round_) == []


def test_the_check_runs_a_bounded_number_of_queries(two_groups, django_assert_num_queries):
    round_, _servants, _citizens = two_groups
    for area in (Area.PROCEDURES, Area.DIGITAL, Area.CIVIL_SERVICE):
        line(round_, area, EASY, 1)
        questions(1, area=area, difficulty=EASY)
    # Blueprint, groups, one count per audience.
    with django_assert_num_queries(4):
        bank_shortfalls(round_)


# --- the draw --------------------------------------------------------------------------------


def test_the_draw_honours_area_and_difficulty_with_a_seeded_generator(two_groups):
    round_, servants, _citizens = two_groups
    line(round_, Area.PROCEDURES, EASY, 2)
    line(round_, Area.PROCEDURES, HARD, 1)
    line(round_, Area.DIGITAL, "", 1)
    easy = {q.pk for q in questions(5, difficulty=EASY)}
    hard = {q.pk for q in questions(3, difficulty=HARD)}
    digital = {q.pk for q in questions(2, area=Area.DIGITAL, difficulty=MEDIUM)}
    questions(5, difficulty=MEDIUM)  # procedures, medium: no line asks for them
    draw = services.draw_questions(round_, servants.audience, rng=random.Random(7))
    ids = [item[0] for item in draw]
    assert len(ids) == len(set(ids)) == 4
    assert len(set(ids) & easy) == 2
    assert len(set(ids) & hard) == 1
    assert len(set(ids) & digital) == 1
    again = services.draw_questions(round_, servants.audience, rng=random.Random(7))
    assert again == draw  # the same seed, the same draw


def test_the_draw_refuses_what_the_bank_cannot_fill(two_groups):
    round_, servants, _citizens = two_groups
    line(round_, Area.PROCEDURES, HARD, 2)
    questions(1, difficulty=HARD)
    questions(5, difficulty=EASY)
    with pytest.raises(ContestError) as error:
        services.draw_questions(round_, servants.audience, rng=random.Random(1))
    assert error.value.code == "bank_too_small"


# --- rotation --------------------------------------------------------------------------------


def test_rotation_leaves_out_the_questions_of_the_previous_rounds(two_groups):
    round_, servants, _citizens = two_groups
    contest = round_.contest
    bank_ids = {q.pk for q in questions(8)}
    earlier = [
        RoundFactory(
            contest=contest,
            opens_at=round_.opens_at - timedelta(days=7 * weeks),
            closes_at=round_.opens_at - timedelta(days=7 * weeks - 6),
        )
        for weeks in (1, 2)
    ]
    used_last_week, used_two_weeks_ago = sorted(bank_ids)[:2], sorted(bank_ids)[2:4]
    for question_id in used_last_week:
        RoundQuestion.objects.create(round=earlier[0], question_id=question_id)
    for question_id in used_two_weeks_ago:
        RoundQuestion.objects.create(round=earlier[1], question_id=question_id)
    Round.objects.filter(pk=round_.pk).update(question_count=4, exclude_recent_rounds=1)
    round_.refresh_from_db()
    for seed in range(5):
        drawn = {
            item[0]
            for item in services.draw_questions(round_, servants.audience, random.Random(seed))
        }
        assert not drawn & set(used_last_week)
    # Two rounds back: only four questions are left, and the round asks for five.
    round_.exclude_recent_rounds = 2
    round_.question_count = 5
    with pytest.raises(ContestError) as error:
        services.check_round_bank(round_)
    assert "thiếu 1 câu (cần 5, có 4)" in error.value.message


def test_starting_records_the_drawn_questions_for_rotation(two_groups):
    round_, servants, _citizens = two_groups
    questions(6)
    entry = EntryFactory(group=servants)
    attempt = services.start_attempt(round_, entry.person, rng=random.Random(3))
    assert set(
        RoundQuestion.objects.filter(round=round_).values_list("question_id", flat=True)
    ) == set(attempt.question_ids())


# --- the round editor ------------------------------------------------------------------------


@pytest.fixture
def organizer_client(db):
    return admin_client(
        Client(raise_request_exception=False), UserFactory(is_staff=True, is_superuser=True)
    )


def _with_lines(data, lines):
    data.update({"blueprint-TOTAL_FORMS": str(len(lines)), "blueprint-INITIAL_FORMS": "0"})
    for index, (area, difficulty, count) in enumerate(lines):
        data.update(
            {
                f"blueprint-{index}-area": area,
                f"blueprint-{index}-difficulty": difficulty,
                f"blueprint-{index}-count": str(count),
                f"blueprint-{index}-ORDER": str(index + 1),
            }
        )
    return data


def test_the_round_editor_refuses_a_round_the_bank_cannot_fill(organizer_client, two_groups):
    round_, _servants, _citizens = two_groups
    url = reverse("wagtailsnippets_contests_round:edit", args=[round_.pk])
    data = form_data(organizer_client.get(url).context["form"])
    _with_lines(data, [(Area.PROCEDURES, EASY, 2), (Area.PROCEDURES, HARD, 1)])
    questions(2, difficulty=EASY)
    response = organizer_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "thiếu 1 câu khó lĩnh vực “Cải cách thủ tục hành chính” (cần 1, có 0)" in page
    assert not round_.blueprint.exists()
    questions(1, difficulty=HARD)
    response = organizer_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert round_.blueprint.count() == 2


def test_the_round_editor_refuses_two_lines_for_the_same_area_and_difficulty(
    organizer_client, two_groups
):
    round_, _servants, _citizens = two_groups
    questions(5, difficulty=EASY)
    url = reverse("wagtailsnippets_contests_round:edit", args=[round_.pk])
    data = form_data(organizer_client.get(url).context["form"])
    _with_lines(data, [(Area.PROCEDURES, EASY, 1), (Area.PROCEDURES, EASY, 1)])
    response = organizer_client.post(url, data)
    assert response.status_code == 200
    assert "Hãy sửa các giá trị trùng lặp" in response.content.decode()
    assert not round_.blueprint.exists()


def test_a_closed_round_can_still_be_edited_when_the_bank_has_changed(organizer_client):
    group = EntrantGroupFactory()
    now = timezone.now()
    round_ = RoundFactory(
        contest=group.contest, opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=2)
    )
    url = reverse("wagtailsnippets_contests_round:edit", args=[round_.pk])
    data = form_data(organizer_client.get(url).context["form"])
    data["title"] = "Tuần 1 (đã đóng)"
    response = organizer_client.post(url, data)
    assert response.status_code == 302


def test_the_live_monitor_names_a_round_the_bank_no_longer_fills(organizer_client, two_groups):
    round_, _servants, _citizens = two_groups
    line(round_, Area.PROCEDURES, HARD, 1)
    [question] = questions(1, difficulty=HARD)
    url = reverse("contests_admin_monitor", args=[round_.pk])
    assert 'id="bank-shortfalls"' not in organizer_client.get(url).content.decode()
    services.retire_question(question, UserFactory())  # after the round was saved
    page = organizer_client.get(url).content.decode()
    assert 'id="bank-shortfalls"' in page
    assert "Đối tượng “Người dân”: thiếu 1 câu khó lĩnh vực" in page
