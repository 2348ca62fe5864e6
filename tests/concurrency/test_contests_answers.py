"""Saves racing a submit, by real parallel HTTP requests against a live server on PostgreSQL: an
answer is either stored before grading (and graded) or refused with "attempt_closed"; none is
stored after the attempt was submitted."""

import functools
import http.client
import json
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from contests import services
from contests.models import Answer, Attempt
from contests.services import attempts
from tests.contests.factories import (
    EntrantGroupFactory,
    EntryFactory,
    QuestionFactory,
    RoundFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SAVES = 13
CSRF = "s" * 32  # a valid CSRF secret; sent as cookie and header


def logged_in_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def post(live_server, path, cookie, body=b"", content_type="application/json"):
    """(status, parsed JSON or None) of one POST."""
    url = urllib.parse.urlsplit(live_server.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    try:
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Type": content_type,
            },
        )
        response = conn.getresponse()
        data = response.read()
        is_json = response.getheader("Content-Type", "").startswith("application/json")
        return response.status, json.loads(data) if is_json else None
    finally:
        conn.close()


def attempt_with_questions(count):
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=count)
    for _ in range(count):
        QuestionFactory()
    entry = EntryFactory(group=group)
    attempt = services.start_attempt(round_, entry.person)
    assert len(attempt.draw) == count
    return attempt, entry.person


def save_body(item):
    question_id, _choices, _several = item
    return json.dumps({"question": question_id, "choices": [0]}).encode()


def backends_waiting_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def held_grading(monkeypatch):
    """Holds submit() inside its transaction, after it has closed and graded the attempt, until
    the test releases it: the saves fired meanwhile meet an attempt that is being submitted."""

    class Held:
        graded = threading.Event()
        release = threading.Event()

    real_grade = attempts._grade

    def grade_then_wait(attempt):
        real_grade(attempt)
        Held.graded.set()
        assert Held.release.wait(timeout=120), "the test never released the submit"

    monkeypatch.setattr(attempts, "_grade", grade_then_wait)
    return Held


def hold_saves_in_the_race_window(monkeypatch, count):
    """Replace the services' race window (between a save's check of the attempt and its write)
    with a barrier: `count` saves and the test meet there, and the saves go on to write only
    once the test sets `release`. Submits pass through the window untouched."""

    class Window:
        arrived = threading.Barrier(count + 1)
        release = threading.Event()

    def hold(point):
        if point == "save":
            Window.arrived.wait(timeout=120)
            assert Window.release.wait(timeout=120), "the test never released the saves"

    monkeypatch.setattr(attempts, "_race_window", hold)
    return Window


def race_saves_into_a_held_submit(live_server, held_grading):
    """Submit (held after grading), then fire SAVES saves of different questions; release the
    submit once each save has answered or waits for a lock in PostgreSQL (a state the database
    reports, not a guess of time). Returns the attempt and the saves' (status, JSON)."""
    attempt, person = attempt_with_questions(SAVES)
    cookie = logged_in_cookie(person)
    save_path = reverse("contests:save", args=[attempt.pk])
    submit_path = reverse("contests:submit", args=[attempt.pk])
    with ThreadPoolExecutor(max_workers=SAVES + 1) as pool:
        submitted = pool.submit(
            post, live_server, submit_path, cookie, b"", "application/x-www-form-urlencoded"
        )
        assert held_grading.graded.wait(timeout=120)
        saves = [
            pool.submit(post, live_server, save_path, cookie, save_body(item))
            for item in attempt.draw
        ]
        give_up = time.monotonic() + 120
        while sum(f.done() for f in saves) + backends_waiting_for_a_lock() < SAVES:
            assert time.monotonic() < give_up, "the saves neither answered nor waited"
            time.sleep(0.01)  # polling PostgreSQL's view of the waits, bounded above
        held_grading.release.set()
        assert submitted.result()[0] == 302
        results = [f.result() for f in saves]
    attempt.refresh_from_db()
    return attempt, results


def test_saves_racing_a_submit_are_refused_not_stored_after_it(live_server, held_grading):
    attempt, results = race_saves_into_a_held_submit(live_server, held_grading)
    assert attempt.status == Attempt.Status.SUBMITTED
    # Each save waited for the submit's lock, then found the attempt closed: a coded refusal the
    # quiz page understands (it stops saving and shows the result).
    assert [status for status, _data in results] == [409] * SAVES
    assert {data["code"] for _status, data in results} == {"attempt_closed"}
    assert not Answer.objects.filter(attempt=attempt).exists()
    assert attempt.correct_count == 0 and attempt.score == 0


def test_control_without_the_lock_answers_land_after_the_submit(live_server, monkeypatch, settings):
    """The control: with the lock off, SAVES saves that have checked the attempt (open) are held
    in the race window while the submit closes and grades it; released, every one of them stores
    its answer after the submission, never graded. So the test above can fail."""
    settings.CONTESTS_UNSAFE_SKIP_LOCK = True
    window = hold_saves_in_the_race_window(monkeypatch, SAVES)
    attempt, person = attempt_with_questions(SAVES)
    cookie = logged_in_cookie(person)
    save_path = reverse("contests:save", args=[attempt.pk])
    submit_path = reverse("contests:submit", args=[attempt.pk])
    with ThreadPoolExecutor(max_workers=SAVES) as pool:
        saves = [
            pool.submit(post, live_server, save_path, cookie, save_body(item))
            for item in attempt.draw
        ]
        window.arrived.wait(timeout=120)  # every save has found the attempt open
        submitted = post(live_server, submit_path, cookie, b"", "application/x-www-form-urlencoded")
        assert submitted[0] == 302
        attempt.refresh_from_db()
        assert attempt.status == Attempt.Status.SUBMITTED
        assert not Answer.objects.filter(attempt=attempt).exists()  # graded with nothing
        window.release.set()
        results = [f.result() for f in saves]
    assert [status for status, _data in results] == [200] * SAVES
    answers = Answer.objects.filter(attempt=attempt)
    assert answers.count() == SAVES  # all stored after the submission...
    assert set(answers.values_list("is_correct", flat=True)) == {None}  # ...and never graded
    attempt.refresh_from_db()
    assert attempt.correct_count == 0 and attempt.score == 0


def test_with_the_lock_a_save_in_the_race_window_makes_the_submit_wait(live_server, monkeypatch):
    """The same window with the lock on: a save held between its check and its write keeps the
    attempt's row lock, so the submit waits for it (PostgreSQL reports the wait) and grades the
    answer it stored."""
    window = hold_saves_in_the_race_window(monkeypatch, 1)
    attempt, person = attempt_with_questions(1)
    cookie = logged_in_cookie(person)
    save_path = reverse("contests:save", args=[attempt.pk])
    submit_path = reverse("contests:submit", args=[attempt.pk])
    with ThreadPoolExecutor(max_workers=2) as pool:
        saved = pool.submit(post, live_server, save_path, cookie, save_body(attempt.draw[0]))
        window.arrived.wait(timeout=120)
        submitted = pool.submit(
            post, live_server, submit_path, cookie, b"", "application/x-www-form-urlencoded"
        )
        give_up = time.monotonic() + 120
        while backends_waiting_for_a_lock() < 1:
            assert time.monotonic() < give_up, "the submit never waited for the save's lock"
            assert not submitted.done(), "the submit did not wait for the save's lock"
            time.sleep(0.01)  # polling PostgreSQL's view of the waits, bounded above
        window.release.set()
        assert saved.result()[0] == 200
        assert submitted.result()[0] == 302
    attempt.refresh_from_db()
    [answer] = Answer.objects.filter(attempt=attempt)
    assert answer.is_correct is not None and answer.saved_at <= attempt.submitted_at
    assert attempt.correct_count == int(answer.is_correct)


def fire_together(url, cookie, barrier, path, body, content_type):
    """One POST on its own connection, sent once every other job's connection is open too."""
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    try:
        conn.connect()
        barrier.wait()
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Type": content_type,
            },
        )
        response = conn.getresponse()
        data = response.read()
        is_json = response.getheader("Content-Type", "").startswith("application/json")
        return response.status, json.loads(data) if is_json else None
    finally:
        conn.close()


def test_free_race_every_stored_answer_is_graded_and_in_time(live_server):
    """No instrumentation: SAVES saves and one submit released together, over several attempts;
    whatever the order the server happens to take them in, every stored answer was graded and
    saved no later than the submission, and every refused save left nothing behind."""
    url = urllib.parse.urlsplit(live_server.url)
    for _ in range(5):
        attempt, person = attempt_with_questions(SAVES)
        cookie = logged_in_cookie(person)
        save_path = reverse("contests:save", args=[attempt.pk])
        submit_path = reverse("contests:submit", args=[attempt.pk])
        jobs = [(save_path, save_body(item), "application/json") for item in attempt.draw]
        jobs.append((submit_path, b"", "application/x-www-form-urlencoded"))
        barrier = threading.Barrier(len(jobs))
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            results = list(
                pool.map(
                    functools.partial(fire_together, url, cookie, barrier),
                    *zip(*jobs, strict=True),
                )
            )
        assert results[-1][0] == 302
        attempt.refresh_from_db()
        assert attempt.status == Attempt.Status.SUBMITTED
        stored = dict(Answer.objects.filter(attempt=attempt).values_list("question_id", "pk"))
        for (status, data), item in zip(results[:-1], attempt.draw, strict=True):
            if status == 200:
                assert item[0] in stored
            else:
                assert (status, data["code"]) == (409, "attempt_closed")
                assert item[0] not in stored
        answers = Answer.objects.filter(attempt=attempt)
        assert not answers.filter(is_correct__isnull=True).exists()
        assert not answers.filter(saved_at__gt=attempt.submitted_at).exists()
        assert attempt.correct_count == answers.filter(is_correct=True).count()
