"""Real parallel HTTP requests against a live server on PostgreSQL: seats never exceed capacity."""

import threading
import time

import pytest
from django.db import connections
from django.urls import reverse

from courses import services
from courses.models import Registration
from tests.courses.factories import CourseFactory
from tests.factories import UserFactory
from tests.helpers import backends_waiting_for_a_lock, logged_in_cookie, post_all

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
S = Registration.Status


def sign_up_100(live_server):
    course = CourseFactory(capacity=10)
    cookies = [logged_in_cookie(UserFactory()) for _ in range(100)]
    statuses = post_all(live_server, reverse("courses:sign_up", args=[course.slug]), cookies)
    return course, statuses


def test_100_parallel_sign_ups_for_10_seats(live_server):
    course, statuses = sign_up_100(live_server)
    assert statuses == [302] * 100  # every request answered with a redirect; no 500
    registrations = list(Registration.objects.filter(course=course).order_by("pk"))
    assert len(registrations) == 100
    # The first ten to get the lock hold the seats; the other ninety wait in that same order.
    assert [r.status for r in registrations] == [S.CONFIRMED] * 10 + [S.WAITLISTED] * 90
    queued = [r.queued_at for r in registrations]
    assert queued == sorted(queued)
    assert [services.waiting_position(r) for r in registrations[10:]] == list(range(1, 91))


PARALLEL = 8


def sign_up_in_parallel(live_server, capacity=1):
    course = CourseFactory(capacity=capacity)
    cookies = [logged_in_cookie(UserFactory()) for _ in range(PARALLEL)]
    statuses = post_all(live_server, reverse("courses:sign_up", args=[course.slug]), cookies)
    return course, statuses


def test_control_without_the_lock_every_request_takes_the_one_seat(
    live_server, settings, monkeypatch
):
    """What the lock prevents, shown without luck: with the lock off, every sign-up is held
    after it has counted the seats until all of them have counted, so all of them saw the one
    free seat and all of them take it."""
    settings.COURSES_UNSAFE_SKIP_LOCK = True
    counted = threading.Barrier(PARALLEL)
    seen = []

    def hold_until_all_counted(course, status):
        seen.append(status)
        counted.wait(timeout=60)  # a failsafe against a hang, not a synchronisation by time

    monkeypatch.setattr(services, "_after_recount", hold_until_all_counted)
    course, statuses = sign_up_in_parallel(live_server, capacity=1)
    assert statuses == [302] * PARALLEL
    assert seen == [S.CONFIRMED] * PARALLEL
    assert Registration.objects.filter(course=course, status=S.CONFIRMED).count() == PARALLEL


def test_with_the_lock_the_others_wait_and_get_the_waiting_list(live_server, monkeypatch):
    """The same requests with the lock on: the first one to count holds the lock until every
    other sign-up is blocked on it (so they really are concurrent), and they then count after
    its write: exactly one seat is taken."""
    database = connections["default"].settings_dict["NAME"]
    seen = []

    def first_waits_for_the_others(course, status):
        seen.append(status)
        if len(seen) > 1:
            return
        deadline = time.monotonic() + 60
        while backends_waiting_for_a_lock(database) < PARALLEL - 1:
            assert time.monotonic() < deadline, "the other sign-ups never reached the lock"
            time.sleep(0.01)

    monkeypatch.setattr(services, "_after_recount", first_waits_for_the_others)
    course, statuses = sign_up_in_parallel(live_server, capacity=1)
    assert statuses == [302] * PARALLEL
    assert seen == [S.CONFIRMED] + [S.WAITLISTED] * (PARALLEL - 1)
    assert Registration.objects.filter(course=course, status=S.CONFIRMED).count() == 1
    assert Registration.objects.filter(course=course, status=S.WAITLISTED).count() == PARALLEL - 1


def test_parallel_cancellations_promote_one_each(live_server):
    course = CourseFactory(capacity=10)
    confirmed = [UserFactory() for _ in range(10)]
    for person in confirmed:
        services.register(person, course)
    waiting = [services.register(UserFactory(), course) for _ in range(20)]
    cookies = [logged_in_cookie(person) for person in confirmed]
    statuses = post_all(
        live_server, reverse("courses:cancel", args=[course.slug]), cookies, body="confirm=yes"
    )
    assert statuses == [302] * 10
    assert Registration.objects.filter(course=course, status=S.CANCELLED).count() == 10
    seated = set(
        Registration.objects.filter(course=course, status=S.CONFIRMED).values_list("pk", flat=True)
    )
    assert seated == {r.pk for r in waiting[:10]}  # exactly the first ten on the list, once each
    still = Registration.objects.filter(course=course, status=S.WAITLISTED).order_by(
        "queued_at", "pk"
    )
    assert [r.pk for r in still] == [r.pk for r in waiting[10:]]
