"""The seat rules under real parallel HTTP requests on the default database (SQLite in the quick
suite: WAL, BEGIN IMMEDIATE and a busy timeout serialise the writers). The PostgreSQL variant with
more requests is tests/concurrency/test_courses_race.py."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import Registration
from tests.factories import UserFactory
from tests.helpers import logged_in_cookie, post_all

from .factories import CourseFactory

pytestmark = pytest.mark.django_db(transaction=True)
S = Registration.Status


def test_30_parallel_sign_ups_for_5_seats(live_server):
    course = CourseFactory(capacity=5)
    cookies = [logged_in_cookie(UserFactory()) for _ in range(30)]
    statuses = post_all(live_server, reverse("courses:sign_up", args=[course.slug]), cookies)
    assert statuses == [302] * 30  # every request answered with a redirect; no 500, no timeout
    registrations = list(Registration.objects.filter(course=course).order_by("queued_at", "pk"))
    assert len(registrations) == 30
    assert [r.status for r in registrations] == [S.CONFIRMED] * 5 + [S.WAITLISTED] * 25
    assert services.seats_taken(course) == 5
    assert [services.waiting_position(r) for r in registrations[5:]] == list(range(1, 26))
