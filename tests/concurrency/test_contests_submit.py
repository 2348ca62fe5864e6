"""200 people submit at the same moment, each twice (a double click): every attempt is graded
exactly once, by real parallel HTTP requests against a live server on PostgreSQL."""

import threading
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.utils.module_loading import import_string

from contests import services
from contests.models import Attempt
from contests.services import attempts
from tests.contests.factories import (
    EntrantGroupFactory,
    EntryFactory,
    QuestionFactory,
    RoundFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 200
CSRF = "k" * 32


def session_cookie(user):
    store_class = (
        import_string(settings.SESSION_ENGINE + ".SessionStore")
        if settings.SESSION_ENGINE
        else DbSessionStore
    )
    session = store_class()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


def post(url, session_key):
    request = urllib.request.Request(
        url,
        data=b"",
        method="POST",
        headers={
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Referer": url,
        },
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def graded_counter(monkeypatch):
    """Counts how often each attempt is graded (instrumentation around the real grading)."""
    counts = Counter()
    lock = threading.Lock()
    real_grade = attempts._grade

    def counting(attempt):
        with lock:
            counts[attempt.pk] += 1
        return real_grade(attempt)

    monkeypatch.setattr(attempts, "_grade", counting)
    return counts


def test_parallel_double_submits_grade_each_attempt_once(live_server, graded_counter):
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=3)
    for _ in range(5):
        QuestionFactory()
    jobs = []
    for _ in range(PEOPLE):
        entry = EntryFactory(group=group)
        attempt = services.start_attempt(round_, entry.person)
        first_question, choices, _ = attempt.draw[0]
        services.save_answer(attempt.pk, entry.person, first_question, [choices[0]])
        url = f"{live_server.url}/cuoc-thi/bai-thi/{attempt.pk}/nop/"
        cookie = session_cookie(entry.person)
        jobs += [(url, cookie), (url, cookie)]
    with ThreadPoolExecutor(max_workers=64) as pool:
        statuses = list(pool.map(lambda job: post(*job), jobs))
    assert Counter(statuses) == {302: PEOPLE * 2}
    assert Attempt.objects.filter(status=Attempt.Status.SUBMITTED).count() == PEOPLE
    assert Attempt.objects.filter(score__isnull=True).count() == 0
    assert len(graded_counter) == PEOPLE
    assert set(graded_counter.values()) == {1}


def double_submit_held_in_the_race_window(live_server, monkeypatch):
    """One attempt submitted twice at once, both requests held in the services' race window
    (after reading the attempt as open, before writing) until both are there. Returns the
    attempt and the two statuses."""
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=1)
    QuestionFactory()
    entry = EntryFactory(group=group)
    attempt = services.start_attempt(round_, entry.person)
    both_read = threading.Barrier(2)

    def hold(point):
        if point == "submit":
            both_read.wait(timeout=60)

    monkeypatch.setattr(attempts, "_race_window", hold)
    url = f"{live_server.url}/cuoc-thi/bai-thi/{attempt.pk}/nop/"
    cookie = session_cookie(entry.person)
    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(pool.map(lambda _: post(url, cookie), range(2)))
    return attempt, statuses


def test_control_without_the_status_gate_grades_twice(
    live_server, graded_counter, monkeypatch, settings
):
    """The control: with the status gate off (the status read before the write decides), two
    submits that both read the attempt as open grade it twice, so the test above can fail."""
    settings.CONTESTS_UNSAFE_SKIP_STATUS_GATE = True
    attempt, statuses = double_submit_held_in_the_race_window(live_server, monkeypatch)
    assert statuses == [302, 302]
    assert graded_counter[attempt.pk] == 2


def test_with_the_status_gate_the_same_window_grades_once(live_server, graded_counter, monkeypatch):
    """The same two submits held in the same window, with the gate: one grades, one finds the
    attempt already closed."""
    attempt, statuses = double_submit_held_in_the_race_window(live_server, monkeypatch)
    assert statuses == [302, 302]
    assert graded_counter[attempt.pk] == 1
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
