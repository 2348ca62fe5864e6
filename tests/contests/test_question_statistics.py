"""Question statistics of a round (facility, discrimination, the most chosen wrong choice, per
area), their admin screen and workbook sheet, and the organizers' view of one attempt for a
complaint: logged, and refused to every role but the round's managers."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts import roles
from contests import services
from contests.models import Answer, Area, Attempt
from tests.contests.factories import EntryFactory, QuestionFactory
from tests.contests.test_admin_screens import staff_with
from tests.contests.test_results import T0, closed_round
from tests.factories import UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db


def choices_of(question):
    return list(question.choices.order_by("sort_order"))  # A is right (the factory's default)


def sit(round_, entry, score, answers, *, status=Attempt.Status.SUBMITTED, number=1):
    """An attempt that drew every question of `answers` ({question: choice index or None})."""
    started = T0 + timedelta(hours=1)
    attempt = Attempt.objects.create(
        round=round_,
        entry=entry,
        number=number,
        status=status,
        started_at=started,
        deadline=started + timedelta(minutes=30),
        submitted_at=None if status == Attempt.Status.OPEN else started + timedelta(seconds=725),
        duration_ms=None if status == Attempt.Status.OPEN else 725_000,
        question_total=len(answers),
        score=None if status == Attempt.Status.OPEN else Decimal(score),
        correct_count=None
        if status == Attempt.Status.OPEN
        else sum(1 for q, i in answers.items() if i is not None and choices_of(q)[i].is_correct),
        draw=[[q.pk, [c.pk for c in choices_of(q)], False] for q in answers],
    )
    for question, index in answers.items():
        if index is None:
            continue
        choice = choices_of(question)[index]
        Answer.objects.create(
            attempt=attempt,
            question=question,
            choices=[choice.pk],
            saved_at=started + timedelta(seconds=30),
            is_correct=None if status == Attempt.Status.OPEN else choice.is_correct,
        )
    return attempt


@pytest.fixture
def hand_made():
    """Six graded attempts scored 100, 80, 60, 40, 20, 0: the top third is the first two, the
    bottom third the last two. Q1 separates well, Q2 backwards, Q3 is left blank once."""
    round_, group = closed_round()
    q1 = QuestionFactory(area=Area.PROCEDURES, text="Câu một về thủ tục?")
    q2 = QuestionFactory(area=Area.DIGITAL, text="Câu hai về chính quyền số?")
    q3 = QuestionFactory(area=Area.PROCEDURES, text="Câu ba về thủ tục?")
    A, B, C = 0, 1, 2
    plan = [
        (100, {q1: A, q2: A, q3: A}),
        (80, {q1: A, q2: B, q3: A}),
        (60, {q1: A, q2: B, q3: A}),
        (40, {q1: B, q2: B, q3: A}),
        (20, {q1: C, q2: A, q3: A}),
        (0, {q1: C, q2: A, q3: None}),
    ]
    attempts = [sit(round_, EntryFactory(group=group), score, answers) for score, answers in plan]
    # Neither an attempt in progress nor a voided entry counts.
    sit(round_, EntryFactory(group=group), 0, {q1: B, q2: B, q3: B}, status=Attempt.Status.OPEN)
    voided = EntryFactory(group=group, voided_at=T0 + timedelta(days=1))
    sit(round_, voided, 0, {q1: B, q2: B, q3: B})
    return round_, (q1, q2, q3), attempts


def test_facility_discrimination_and_most_chosen_wrong_choice(hand_made):
    round_, (q1, q2, q3), _attempts = hand_made
    stats = services.question_statistics(round_)
    assert stats["attempts"] == 6 and stats["third"] == 2
    rows = {row["question"].pk: row for row in stats["questions"]}
    assert rows[q1.pk]["seen"] == 6 and rows[q1.pk]["right"] == 3
    assert rows[q1.pk]["facility"] == 50.0
    assert rows[q1.pk]["discrimination"] == 1.0 and rows[q1.pk]["verdict"] == "good"
    c = choices_of(q1)[2]
    assert rows[q1.pk]["wrong_choice"] == {"letter": "C", "text": c.text, "count": 2}
    # Q2: the weak answered right more often than the strong.
    assert rows[q2.pk]["facility"] == 50.0
    assert rows[q2.pk]["discrimination"] == -0.5 and rows[q2.pk]["verdict"] == "review"
    assert rows[q2.pk]["wrong_choice"]["letter"] == "B"
    assert rows[q2.pk]["wrong_choice"]["count"] == 3
    # Q3: the blank counts as not right, and has no wrong choice.
    assert rows[q3.pk]["facility"] == 83.3
    assert rows[q3.pk]["discrimination"] == 0.5
    assert rows[q3.pk]["wrong_choice"] is None
    areas = {area["area"]: area for area in stats["areas"]}
    assert areas[Area.PROCEDURES]["questions"] == 2
    assert areas[Area.PROCEDURES]["facility"] == round((50.0 + 83.3) / 2, 1)
    assert areas[Area.DIGITAL]["facility"] == 50.0


def test_fewer_than_three_attempts_have_no_discrimination():
    round_, group = closed_round()
    question = QuestionFactory()
    sit(round_, EntryFactory(group=group), 100, {question: 0})
    sit(round_, EntryFactory(group=group), 0, {question: 1})
    row = services.question_statistics(round_)["questions"][0]
    assert row["facility"] == 50.0 and row["discrimination"] is None and row["verdict"] == ""


def test_queries_do_not_grow_with_attempts_or_questions(django_assert_num_queries):
    round_, group = closed_round()
    questions = [QuestionFactory() for _ in range(3)]
    sit(round_, EntryFactory(group=group), 100, dict.fromkeys(questions, 0))
    with django_assert_num_queries(4):
        services.question_statistics(round_)
    more = [QuestionFactory(area=Area.DIGITAL) for _ in range(5)]
    for score in (10, 20, 30, 40, 50, 60, 70):
        sit(round_, EntryFactory(group=group), score, dict.fromkeys(questions + more, 1))
    with django_assert_num_queries(4):
        stats = services.question_statistics(round_)
    assert len(stats["questions"]) == 8 and stats["attempts"] == 8


def test_the_statistics_screen_shows_the_table_the_hint_and_the_chart(client, hand_made):
    round_, (q1, _q2, _q3), _attempts = hand_made
    admin_client(client, UserFactory(is_staff=True, is_superuser=True))
    results = client.get(reverse("contests_admin_results", args=[round_.pk]))
    url = reverse("contests_admin_question_statistics", args=[round_.pk])
    assert url in results.content.decode()
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Câu một về thủ tục?" in text
    assert "83,3" in text  # facility written with the Vietnamese comma
    assert "-0,50" in text or "−0,50" in text
    assert "tốt ≥ 0,3" in text and "cần xem lại &lt; 0,2" in text
    assert 'class="bar-chart"' in text
    assert "C. " + choices_of(q1)[2].text in text


def test_the_round_listing_links_to_the_statistics(client, hand_made):
    round_, _questions, _attempts = hand_made
    admin_client(client, UserFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse("wagtailsnippets_contests_round:list"))
    assert (
        reverse("contests_admin_question_statistics", args=[round_.pk]) in listing.content.decode()
    )


def test_the_results_workbook_has_a_question_sheet_with_numbers(client, hand_made):
    from openpyxl import load_workbook

    round_, (q1, q2, _q3), _attempts = hand_made
    admin_client(client, UserFactory(is_staff=True, is_superuser=True))
    response = client.get(
        reverse("contests_admin_results", args=[round_.pk]) + "?export=xlsx",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[-1] == "Thống kê câu hỏi"
    sheet = workbook["Thống kê câu hỏi"]
    rows = {row[0]: row for row in list(sheet.values)[1:]}
    assert rows[q1.pk][3:7] == (6, 3, 50, 1)
    assert rows[q2.pk][6] == -0.5
    assert isinstance(rows[q2.pk][5], (int, float))
    assert rows[q1.pk][7].startswith("C. ") and rows[q1.pk][8] == 2
    facility_cell = sheet.cell(row=2, column=6)
    assert facility_cell.number_format == "0.0"
    assert sheet.column_dimensions["B"].width == 60


def test_opening_an_attempt_shows_it_and_is_logged(client, hand_made):
    round_, (q1, _q2, _q3), attempts = hand_made
    organizer = UserFactory(is_staff=True, is_superuser=True, full_name="Trần Tổ Chức")
    admin_client(client, organizer)
    results = client.get(reverse("contests_admin_results", args=[round_.pk])).content.decode()
    services.compute_results(round_)
    results = client.get(reverse("contests_admin_results", args=[round_.pk])).content.decode()
    url = reverse("contests_admin_attempt", args=[attempts[4].pk])
    assert url in results
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Câu một về thủ tục?" in text
    assert "12 phút 05 giây" in text
    assert choices_of(q1)[2].text in text
    entries = ModelLogEntry.objects.filter(action="contests.view_attempt")
    assert entries.count() == 1 and entries.get().user == organizer
    assert entries.get().object_id == str(attempts[4].pk)
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert again.count("Trần Tổ Chức") >= 2  # the earlier opening is listed
    assert ModelLogEntry.objects.filter(action="contests.view_attempt").count() == 2


def test_only_round_managers_open_an_attempt(client, hand_made):
    _round, _questions, attempts = hand_made
    url = reverse("contests_admin_attempt", args=[attempts[0].pk])
    # Logged out: to the login page.
    assert client.get(url).status_code == 302
    # Staff of every other role, and staff holding other contest permissions.
    call_command("setup_roles", stdout=io.StringIO())
    for role in (roles.EDITORS, roles.COORDINATORS):
        user = UserFactory(is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client.logout()
        admin_client(client, user)
        assert client.get(url).status_code in (302, 403), role
    for codename in ("view_round", "change_entry", "view_entry", "change_question"):
        client.logout()
        staff_with(client, codename)
        assert client.get(url).status_code in (302, 403), codename
    # A person who is not staff.
    client.logout()
    client.force_login(UserFactory())
    assert client.get(url).status_code in (302, 403)
    assert not ModelLogEntry.objects.filter(action="contests.view_attempt").exists()
    # The organizers' role may.
    client.logout()
    organizer = UserFactory(is_staff=True)
    organizer.groups.add(Group.objects.get(name=roles.ORGANIZERS))
    admin_client(client, organizer)
    assert client.get(url).status_code == 200
    client.logout()
    staff_with(client, "change_round")
    assert (
        client.get(reverse("contests_admin_question_statistics", args=[_round.pk])).status_code
        == 200
    )
