"""Entrant pages and the autosave endpoint: nothing reveals the answer, queries stay bounded."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contests import services
from contests.models import Answer, Attempt, Audience, Choice, Entry, Question, Round
from tests.contests.factories import (
    EntrantGroupFactory,
    EntryFactory,
    QuestionFactory,
    RoundFactory,
    quota,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET_EXPLANATION = "GIẢI THÍCH BÍ MẬT"
SECRET_SOURCE = "CĂN CỨ BÍ MẬT"


def make_bank(count):
    for _ in range(count):
        QuestionFactory(explanation=SECRET_EXPLANATION, legal_source=SECRET_SOURCE)


def post_json(client, url, payload):
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def test_no_response_during_an_attempt_reveals_the_correct_choice(client):
    group = EntrantGroupFactory()
    round_ = RoundFactory(
        contest=group.contest,
        question_count=6,
        show_score=Round.Reveal.AFTER_ATTEMPT,
        show_answers=Round.Reveal.AFTER_CLOSE,
    )
    make_bank(10)
    person = UserFactory()
    client.force_login(person)
    contest = group.contest
    pages = []
    pages.append(client.get(reverse("contests:enter", args=[contest.slug])))
    response = client.post(
        reverse("contests:enter", args=[contest.slug]),
        {"group": group.pk, "full_name": person.full_name, "unit": person.unit_id, "consent": "on"},
    )
    assert response.status_code == 302, response.content
    pages.append(client.get(contest.get_absolute_url()))
    response = client.post(reverse("contests:start", args=[contest.slug, round_.pk]))
    attempt = Attempt.objects.get()
    assert response.url == reverse("contests:attempt", args=[attempt.pk])
    page = client.get(response.url)
    pages.append(page)
    save_url = reverse("contests:save", args=[attempt.pk])
    for question_id, choice_ids, _several in attempt.draw:
        for position in range(len(choice_ids)):
            pages.append(
                post_json(client, save_url, {"question": question_id, "choices": [position]})
            )
    pages.append(post_json(client, save_url, {"prediction": "12"}))
    pages.append(post_json(client, save_url, {"question": 0, "choices": [0]}))
    pages.append(post_json(client, save_url, {"question": attempt.draw[0][0], "choices": [9]}))
    pages.append(client.get(reverse("contests:attempt", args=[attempt.pk])))  # a reload
    pages.append(client.get(reverse("contests:my_entries")))
    pages.append(client.get(reverse("contests:live", args=[contest.slug, round_.pk])))
    pages.append(client.post(reverse("contests:submit", args=[attempt.pk]), follow=True))

    correct = set(Choice.objects.filter(is_correct=True).values_list("pk", flat=True))
    for response in pages:
        body = response.content.decode()
        assert SECRET_EXPLANATION not in body
        assert SECRET_SOURCE not in body
        assert "is_correct" not in body
        # The review badge that marks a correct choice once answers may be shown.
        assert "correct answer</span>" not in body.lower()
        assert "đáp án đúng</span>" not in body.lower()
        if response.get("Content-Type", "").startswith("application/json"):
            data = json.loads(body)
            assert set(data) <= {"ok", "remaining", "error", "code"}
            assert not any(str(pk) in body for pk in correct if len(str(pk)) > 2)
    # Every choice of the attempt page is marked up identically but for its text and position.
    html = page.content.decode()
    blocks = re.findall(r'<li class="choice">(.*?)</li>', html, re.DOTALL)
    assert len(blocks) == 24
    shapes = {
        re.sub(
            r'value="\d+"',
            "",
            re.sub(r"</span>.*?</label>", "</span></label>", block, flags=re.DOTALL),
        ).replace(" checked", "")
        for block in blocks
    }
    shapes = {re.sub(r'name="q-\d+"', "", re.sub(r">[A-D]\.<", "><", shape)) for shape in shapes}
    assert len(shapes) == 1
    # The score shows after the attempt; the answers wait until the round closes.
    result = pages[-1].content.decode()
    assert "quiz-score" in result


def test_answers_are_shown_once_the_policy_allows(client):
    group = EntrantGroupFactory()
    round_ = RoundFactory(
        contest=group.contest, question_count=2, show_answers=Round.Reveal.AFTER_ATTEMPT
    )
    make_bank(2)
    entry = EntryFactory(group=group)
    attempt = services.start_attempt(round_, entry.person)
    services.submit(attempt.pk, entry.person)
    client.force_login(entry.person)
    body = client.get(reverse("contests:attempt_result", args=[attempt.pk])).content.decode()
    assert SECRET_EXPLANATION in body


def test_reload_keeps_saved_answers_and_the_running_clock(client):
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=3)
    make_bank(3)
    entry = EntryFactory(group=group)
    client.force_login(entry.person)
    client.post(reverse("contests:start", args=[group.contest.slug, round_.pk]))
    attempt = Attempt.objects.get()
    question_id = attempt.draw[1][0]
    response = post_json(
        client,
        reverse("contests:save", args=[attempt.pk]),
        {"question": question_id, "choices": [2]},
    )
    assert response.json()["ok"] is True
    html = client.get(reverse("contests:attempt", args=[attempt.pk])).content.decode()
    assert f'name="q-{question_id}" value="2" checked' in html
    # Starting again (a second tab, a back button) resumes the same attempt.
    client.post(reverse("contests:start", args=[group.contest.slug, round_.pk]))
    assert Attempt.objects.count() == 1


def test_other_people_and_late_answers_get_clear_json_errors(client):
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=2)
    make_bank(2)
    entry = EntryFactory(group=group)
    attempt = services.start_attempt(round_, entry.person)
    url = reverse("contests:save", args=[attempt.pk])
    client.force_login(UserFactory())
    response = post_json(client, url, {"question": attempt.draw[0][0], "choices": [0]})
    assert response.status_code == 404
    client.force_login(entry.person)
    assert post_json(client, url, {"prediction": "-5"}).status_code == 400
    assert client.post(url, data="not json", content_type="application/json").status_code == 400
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    response = post_json(client, url, {"question": attempt.draw[0][0], "choices": [0]})
    assert response.status_code == 409
    assert response.json()["code"] == "deadline"
    assert "Hết giờ" in response.json()["error"] or "Time is up" in response.json()["error"]


def test_saving_is_rate_limited_per_account(client, settings):
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=1)
    make_bank(1)
    entry = EntryFactory(group=group)
    attempt = services.start_attempt(round_, entry.person)
    client.force_login(entry.person)
    url = reverse("contests:save", args=[attempt.pk])
    from contests.views import SAVE_LIMIT

    statuses = [
        post_json(client, url, {"question": attempt.draw[0][0], "choices": [0]}).status_code
        for _ in range(SAVE_LIMIT[0] + 1)
    ]
    assert statuses[:-1] == [200] * SAVE_LIMIT[0]
    assert statuses[-1] == 429


@pytest.mark.parametrize("count", [5, 20])
def test_attempt_page_queries_stay_constant(client, count, django_assert_max_num_queries):
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=count)
    make_bank(count)
    entry = EntryFactory(group=group)
    attempt = services.start_attempt(round_, entry.person)
    client.force_login(entry.person)
    url = reverse("contests:attempt", args=[attempt.pk])
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(9):
        post_json(
            client,
            reverse("contests:save", args=[attempt.pk]),
            {"question": attempt.draw[0][0], "choices": [1]},
        )
    with django_assert_max_num_queries(14):
        client.post(reverse("contests:submit", args=[attempt.pk]))


@pytest.mark.parametrize("people", [3, 30])
def test_results_and_live_pages_queries_stay_constant(
    client, people, django_assert_max_num_queries
):
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=1)
    quota(round_, group, first=1, second=1, third=1, consolation=3)
    make_bank(1)
    for _ in range(people):
        entry = EntryFactory(group=group)
        attempt = services.start_attempt(round_, entry.person)
        services.submit(attempt.pk, entry.person)
    with django_assert_max_num_queries(10):
        assert (
            client.get(reverse("contests:live", args=[group.contest.slug, round_.pk])).status_code
            == 200
        )
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    round_.refresh_from_db()
    services.compute_results(round_)
    services.publish_results(round_)
    url = reverse("contests:results", args=[group.contest.slug, round_.pk])
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("contests:index")).status_code == 200


def test_entry_form_refuses_a_duplicate_cccd_with_a_message(client):
    group = EntrantGroupFactory(contest__require_cccd=True, contest__require_date_of_birth=True)
    EntryFactory(group=group, cccd="079090001234")
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("contests:enter", args=[group.contest.slug]),
        {
            "group": group.pk,
            "full_name": person.full_name,
            "unit": person.unit_id,
            "date_of_birth": "1990-05-17",
            "cccd": "079090001234",
            "consent": "on",
        },
    )
    assert response.status_code == 200
    assert "CCCD" in response.content.decode()
    assert Entry.objects.count() == 1


def test_unpublished_results_are_not_public(client):
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest)
    assert (
        client.get(reverse("contests:results", args=[group.contest.slug, round_.pk])).status_code
        == 404
    )


def test_question_helper_text(db):
    assert Question.key_for("  Cải  cách ") == "cải cách"


@pytest.mark.parametrize(
    "payload",
    [
        '{"question": 1e999, "choices": [0]}',
        '{"question": QID, "choices": [Infinity]}',
        '{"question": QID, "choices": [-Infinity]}',
        '{"question": QID, "choices": [NaN]}',
        '{"question": QID, "choices": [0.5]}',
        '{"question": true, "choices": [0]}',
        '{"question": QID, "choices": "0"}',
    ],
)
def test_unreadable_numbers_in_a_save_are_a_clear_400(client, payload):
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=1)
    make_bank(1)
    entry = EntryFactory(group=group)
    attempt = services.start_attempt(round_, entry.person)
    client.force_login(entry.person)
    body = payload.replace("QID", str(attempt.draw[0][0]))
    response = client.post(
        reverse("contests:save", args=[attempt.pk]), data=body, content_type="application/json"
    )
    assert response.status_code == 400
    data = response.json()
    assert data["ok"] is False
    assert data["error"]
    assert not Answer.objects.exists()


def test_prediction_takes_ascii_whole_numbers_only(client):
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=1)
    make_bank(1)
    entry = EntryFactory(group=group)
    attempt = services.start_attempt(round_, entry.person)
    client.force_login(entry.person)
    url = reverse("contests:save", args=[attempt.pk])
    for bad in ["²", "١٢", "１２", "12.5", "12,5", 12.5, "1e3", 1e999, True, "9" * 5000]:
        response = post_json(client, url, {"prediction": bad})
        assert response.status_code == 400, bad
        assert response.json()["error"]
        attempt.refresh_from_db()
        assert attempt.prediction is None, bad
    response = post_json(client, url, {"prediction": "12.5"})
    assert "số nguyên" in response.json()["error"]
    assert "thập phân" in response.json()["error"]
    for good, value in [("125", 125), (" 1.250 ", 1250), ("1 250", 1250), (7, 7)]:
        assert post_json(client, url, {"prediction": good}).status_code == 200, good
        attempt.refresh_from_db()
        assert attempt.prediction == value


def test_submit_applies_the_posted_answers_and_prediction_before_grading(client):
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=2)
    make_bank(2)
    entry = EntryFactory(group=group)
    attempt = services.start_attempt(round_, entry.person)
    client.force_login(entry.person)
    (first, first_choices, _), (second, second_choices, _) = attempt.draw
    right = Choice.objects.get(question_id=first, is_correct=True).pk
    wrong = Choice.objects.filter(question_id=second, is_correct=False).first().pk
    url = reverse("contests:submit", args=[attempt.pk])
    # A decimal prediction is refused with a message; nothing is submitted or saved.
    response = client.post(
        url,
        {f"q-{first}": str(first_choices.index(right)), "prediction": "12.5"},
        follow=True,
    )
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.OPEN
    assert "thập phân" in response.content.decode()
    # Typed and submitted at once, with no autosave in between: all of it counts.
    response = client.post(
        url,
        {
            f"q-{first}": str(first_choices.index(right)),
            f"q-{second}": str(second_choices.index(wrong)),
            "prediction": "1.234",
        },
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.prediction == 1234
    assert attempt.correct_count == 1
    assert Answer.objects.filter(attempt=attempt).count() == 2


def test_starting_is_rate_limited_per_account(client):
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=1)
    make_bank(1)
    entry = EntryFactory(group=group)
    client.force_login(entry.person)
    from contests.views import START_LIMIT

    url = reverse("contests:start", args=[group.contest.slug, round_.pk])
    statuses = [client.post(url).status_code for _ in range(START_LIMIT[0] + 1)]
    assert statuses[:-1] == [302] * START_LIMIT[0]
    assert statuses[-1] == 429
    response = client.post(url)
    assert response.status_code == 429
    assert "Bạn thao tác quá nhiều" in response.content.decode()
    assert Attempt.objects.count() == 1


@pytest.mark.usefixtures("vi")
def test_entry_form_requires_and_checks_the_date_of_birth_of_citizens(client):
    group = EntrantGroupFactory()
    citizens = EntrantGroupFactory(contest=group.contest, audience=Audience.PUBLIC, min_age=18)
    person = UserFactory(unit=None)
    client.force_login(person)
    url = reverse("contests:enter", args=[group.contest.slug])
    data = {"group": citizens.pk, "full_name": person.full_name, "consent": "on"}
    page = client.get(url).content.decode()
    assert "phải đủ 18 tuổi trở lên." in page
    missing = client.post(url, data, HTTP_ACCEPT_LANGUAGE="vi")
    assert missing.status_code == 200
    assert missing.context["form"].errors["date_of_birth"] == [
        "Công dân dự thi ở đối tượng này phải khai ngày sinh: người dự thi phải đủ 18 tuổi trở lên."
    ]
    teen = (timezone.localdate() - timedelta(days=17 * 365)).isoformat()
    young = client.post(url, {**data, "date_of_birth": teen}, HTTP_ACCEPT_LANGUAGE="vi")
    assert "date_of_birth" in young.context["form"].errors
    future = client.post(url, {**data, "date_of_birth": "01/01/2099"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert future.context["form"].errors["date_of_birth"] == ["Ngày sinh không thể ở tương lai."]
    typed = client.get(url).content.decode()
    assert 'placeholder="dd/mm/yyyy"' in typed and 'type="date"' not in typed
    assert Entry.objects.count() == 0
    servant = UserFactory()
    client.force_login(servant)
    entered = client.post(
        url,
        {
            "group": group.pk,
            "full_name": servant.full_name,
            "unit": servant.unit_id,
            "consent": "on",
        },
    )
    assert entered.status_code == 302
    assert Entry.objects.get().date_of_birth is None


def test_public_results_show_what_decided_each_place(client, vi):
    from tests.contests.test_results import closed_round, graded

    round_, group = closed_round(predicts=Round.Predicts.FULL_SCORE)
    quota(round_, group, first=1, second=1, third=0, consolation=0)
    near = EntryFactory(group=group, full_name="Nguyễn Văn Gần")
    far = EntryFactory(group=group, full_name="Trần Thị Xa")
    graded(round_, near, 100, prediction=2, duration=80)
    graded(round_, far, 100, prediction=5, duration=50)
    services.compute_results(round_)
    services.publish_results(round_)
    page = client.get(
        reverse("contests:results", args=[group.contest.slug, round_.pk])
    ).content.decode()
    assert "Dự đoán (chênh lệch)" in page
    # Same score; the truth is 2 full scores, so the nearer prediction wins despite the time.
    assert page.index("Nguyễn Văn Gần") < page.index("Trần Thị Xa")
    assert "2 (0)" in page and "5 (3)" in page
    assert "1 phút 20,000 giây" in page and "0 phút 50,000 giây" in page
