"""Real parallel sign-ups on PostgreSQL: people of one unit never hold more seats than the
course's seats per unit, because the quota is counted under the course lock."""

import threading
import time

import pytest
from django.db import connections
from django.urls import reverse

from courses import services
from courses.models import Registration
from tests.courses.factories import CourseFactory
from tests.factories import UnitFactory, UserFactory
from tests.helpers import backends_waiting_for_a_lock, logged_in_cookie, post_all

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
S = Registration.Status
PARALLEL = 8
QUOTA = 2


def sign_up_one_unit(live_server):
    unit = UnitFactory(name="Ủy ban nhân dân xã Tân Lập")
    course = CourseFactory(capacity=50, unit_quota=QUOTA)
    cookies = [logged_in_cookie(UserFactory(unit=unit)) for _ in range(PARALLEL)]
    statuses = post_all(live_server, reverse("courses:sign_up", args=[course.slug]), cookies)
    return course, statuses


def test_control_without_the_lock_the_unit_exceeds_its_quota(live_server, settings, monkeypatch):
    """With the lock off, each sign-up is held after counting until all have counted: every
    one of them saw the unit with no seat taken, and all take one."""
    settings.COURSES_UNSAFE_SKIP_LOCK = True
    counted = threading.Barrier(PARALLEL)
    seen = []

    def hold_until_all_counted(course, status):
        seen.append(status)
        counted.wait(timeout=60)  # a failsafe against a hang, not a synchronisation by time

    monkeypatch.setattr(services, "_after_recount", hold_until_all_counted)
    course, statuses = sign_up_one_unit(live_server)
    assert statuses == [302] * PARALLEL
    assert seen == [S.CONFIRMED] * PARALLEL
    assert Registration.objects.filter(course=course, status=S.CONFIRMED).count() == PARALLEL


def test_with_the_lock_exactly_the_quota_is_confirmed(live_server, monkeypatch):
    """The first sign-up holds the lock until every other one is blocked on it; then each
    counts after the previous write: exactly QUOTA seats, the others on the waiting list."""
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
    course, statuses = sign_up_one_unit(live_server)
    assert statuses == [302] * PARALLEL
    assert seen == [S.CONFIRMED] * QUOTA + [S.WAITLISTED] * (PARALLEL - QUOTA)
    assert Registration.objects.filter(course=course, status=S.CONFIRMED).count() == QUOTA
    waiting = Registration.objects.filter(course=course, status=S.WAITLISTED)
    assert waiting.count() == PARALLEL - QUOTA
