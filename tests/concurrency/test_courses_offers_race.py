"""Real parallel "Nhận chỗ" requests against a live server on PostgreSQL: an offered seat is
taken once, by its person, whatever the load."""

import threading
import time

import pytest
from django.db import connections
from django.urls import reverse

from courses import services
from courses.models import Course, Registration
from tests.courses.factories import CourseFactory
from tests.factories import UserFactory
from tests.helpers import backends_waiting_for_a_lock, logged_in_cookie, post_all

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
S = Registration.Status


def course_with_offers(seats, waiting):
    """A full course in offer mode whose `seats` seats were all just freed: the first `seats`
    of the `waiting` people hold offers, the others still wait."""
    course = CourseFactory(capacity=seats, freed_seat=Course.FreedSeat.OFFER)
    holders = [services.register(UserFactory(), course) for _ in range(seats)]
    people = [UserFactory() for _ in range(waiting)]
    for person in people:
        services.register(person, course)
    for holder in holders:
        services.cancel(holder)
    offered = list(Registration.objects.filter(course=course, status=S.OFFERED))
    assert {r.person_id for r in offered} == {p.pk for p in people[:seats]}
    return course, people


def accept_url(course):
    return reverse("courses:accept_offer", args=[course.slug])


def test_50_parallel_accepts_for_5_offered_seats(live_server):
    """Everyone on the list presses "Nhận chỗ" at once: the five with an offer get the seats,
    the 45 others are refused and keep their places; no 500."""
    course, people = course_with_offers(seats=5, waiting=50)
    cookies = [logged_in_cookie(person) for person in people]
    statuses = post_all(live_server, accept_url(course), cookies)
    assert statuses == [302] * 50
    confirmed = Registration.objects.filter(course=course, status=S.CONFIRMED)
    assert {r.person_id for r in confirmed} == {p.pk for p in people[:5]}
    assert Registration.objects.filter(course=course, status__in=Registration.HOLDING).count() == 5
    still = Registration.objects.filter(course=course, status=S.WAITLISTED).order_by(
        "queued_at", "pk"
    )
    assert [r.person_id for r in still] == [p.pk for p in people[5:]]
    assert [services.waiting_position(r) for r in still] == list(range(1, 46))


# Two people with an offer, each pressing "Nhận chỗ" four times at once (a double tap, two tabs,
# a slow phone): eight concurrent requests for two offers.
OFFERS, CLICKS = 2, 4
PARALLEL = OFFERS * CLICKS


def clicks(live_server, monkeypatch, hook):
    """The clicks, with `hook` in place of `services._after_recount` while they run (the
    course is prepared before, without it)."""
    course, people = course_with_offers(seats=OFFERS, waiting=OFFERS + 1)
    cookies = [logged_in_cookie(person) for person in people[:OFFERS] for _ in range(CLICKS)]
    monkeypatch.setattr(services, "_after_recount", hook)
    statuses = post_all(live_server, accept_url(course), cookies)
    return course, people, statuses


def test_control_without_the_lock_every_click_writes_its_acceptance(
    live_server, settings, monkeypatch
):
    """What the lock prevents, shown without luck: with the lock off, every request is held
    after it has checked the offer until all of them have checked, so all of them saw an open
    offer and all of them write an acceptance (each would send its own confirmation)."""
    settings.COURSES_UNSAFE_SKIP_LOCK = True
    checked = threading.Barrier(PARALLEL)
    accepted = []

    def hold_until_all_checked(course, status):
        accepted.append(status)
        checked.wait(timeout=60)  # a failsafe against a hang, not a synchronisation by time

    course, people, statuses = clicks(live_server, monkeypatch, hold_until_all_checked)
    assert statuses == [302] * PARALLEL
    assert len(accepted) == PARALLEL


def test_with_the_lock_each_offer_is_accepted_once(live_server, monkeypatch):
    """The same clicks with the lock on: the first to check holds the lock until every other
    request is blocked on it, and they then find the offer answered: exactly one acceptance
    per offer, and the seats never exceed the capacity."""
    database = connections["default"].settings_dict["NAME"]
    accepted = []

    def first_waits_for_the_others(course, status):
        accepted.append(status)
        if len(accepted) > 1:
            return
        deadline = time.monotonic() + 60
        while backends_waiting_for_a_lock(database) < PARALLEL - 1:
            assert time.monotonic() < deadline, "the other requests never reached the lock"
            time.sleep(0.01)

    course, people, statuses = clicks(live_server, monkeypatch, first_waits_for_the_others)
    assert statuses == [302] * PARALLEL
    assert accepted == [S.CONFIRMED] * OFFERS
    confirmed = Registration.objects.filter(course=course, status=S.CONFIRMED)
    assert {r.person_id for r in confirmed} == {p.pk for p in people[:OFFERS]}
    assert Registration.objects.get(person=people[OFFERS]).status == S.WAITLISTED
