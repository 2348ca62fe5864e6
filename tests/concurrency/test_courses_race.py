"""Real parallel HTTP requests against a live server on PostgreSQL: seats never exceed capacity."""

import http.client
import threading
import urllib.parse

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from courses import services
from courses.models import Registration
from tests.courses.factories import CourseFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
S = Registration.Status
CSRF = "a" * 32  # a valid CSRF secret; sent as cookie and header


def logged_in_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def post_all(live_server, path, cookies):
    """POST `path` once per session cookie, all threads released together; returns statuses."""
    url = urllib.parse.urlsplit(live_server.url)
    barrier = threading.Barrier(len(cookies))
    statuses = [None] * len(cookies)

    def worker(index, cookie):
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        connection.connect()
        barrier.wait()
        connection.request(
            "POST",
            path,
            body="",
            headers={
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        statuses[index] = connection.getresponse().status
        connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(cookies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


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


def test_control_without_the_lock_seats_overflow(live_server, settings):
    """Shows what the lock prevents: with it off, parallel sign-ups take more seats than exist."""
    settings.COURSES_UNSAFE_SKIP_LOCK = True
    course, statuses = sign_up_100(live_server)
    assert 500 not in statuses
    confirmed = Registration.objects.filter(course=course, status=S.CONFIRMED).count()
    assert confirmed > 10


def test_parallel_cancellations_promote_one_each(live_server):
    course = CourseFactory(capacity=10)
    confirmed = [UserFactory() for _ in range(10)]
    for person in confirmed:
        services.register(person, course)
    waiting = [services.register(UserFactory(), course) for _ in range(20)]
    cookies = [logged_in_cookie(person) for person in confirmed]
    statuses = post_all(live_server, reverse("courses:cancel", args=[course.slug]), cookies)
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
