"""Registration state changes, each with a fixed injected `now` (no dependence on the clock)."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses import services
from courses.models import Registration
from courses.services import RegistrationError
from tests.factories import UnitFactory, UserFactory

from .factories import CourseFactory

pytestmark = pytest.mark.django_db
S = Registration.Status
#: A fixed instant inside the factory's registration window (opens 10 days ago, closes in 10).
NOW = timezone.now().replace(microsecond=0)


def at(seconds):
    return NOW + dt.timedelta(seconds=seconds)


def fill(course, statuses):
    """Registrations in the given statuses, in queue order, via the services."""
    organizer = UserFactory()
    registrations = []
    for index, status in enumerate(statuses):
        registration = services.register(UserFactory(), course, now=at(index))
        if course.requires_approval and status != S.PENDING:
            registration = services.approve(registration, by=organizer, now=at(index))
        assert registration.status == status, (index, registration.status)
        registrations.append(registration)
    return registrations


def status(registration):
    return Registration.objects.get(pk=registration.pk).status


@pytest.mark.parametrize(
    ("capacity", "statuses", "index", "expected"),
    [
        (1, [S.CONFIRMED, S.WAITLISTED], 1, [S.CONFIRMED, S.REJECTED]),
        (1, [S.CONFIRMED, S.WAITLISTED, S.WAITLISTED], 1, [S.CONFIRMED, S.REJECTED, S.WAITLISTED]),
        (1, [S.CONFIRMED, S.WAITLISTED, S.WAITLISTED], 0, [S.REJECTED, S.CONFIRMED, S.WAITLISTED]),
    ],
    ids=["waitlisted-alone", "waitlisted-first-of-two", "confirmed-promotes"],
)
def test_reject(capacity, statuses, index, expected):
    course = CourseFactory(capacity=capacity)
    registrations = fill(course, statuses)
    services.reject(registrations[index], by=UserFactory(), reason="Không phù hợp", now=at(50))
    assert [status(r) for r in registrations] == expected
    assert Registration.objects.get(pk=registrations[index].pk).decided_at == at(50)


@pytest.mark.parametrize(
    ("requires_approval", "capacity", "statuses", "index", "expected"),
    [
        (True, 5, [S.PENDING], 0, [S.CANCELLED]),
        (False, 1, [S.CONFIRMED, S.WAITLISTED], 1, [S.CONFIRMED, S.CANCELLED]),
        (
            False,
            1,
            [S.CONFIRMED, S.WAITLISTED, S.WAITLISTED],
            1,
            [S.CONFIRMED, S.CANCELLED, S.WAITLISTED],
        ),
    ],
    ids=["pending", "waitlisted", "waitlisted-keeps-the-rest-in-order"],
)
def test_self_cancel(requires_approval, capacity, statuses, index, expected):
    course = CourseFactory(capacity=capacity, requires_approval=requires_approval)
    registrations = fill(course, statuses)
    registration = registrations[index]
    promoted = services.cancel(registration, by=registration.person, now=at(50))
    assert promoted == []
    assert [status(r) for r in registrations] == expected
    cancelled = Registration.objects.get(pk=registration.pk)
    assert cancelled.cancelled_at == at(50) and cancelled.decided_by is None
    if len(registrations) == 3:
        assert services.waiting_position(Registration.objects.get(pk=registrations[2].pk)) == 1


@pytest.mark.parametrize("capacity", [1, 5])
def test_nominate_into_pending(capacity):
    unit = UnitFactory()
    coordinator = UserFactory(unit=unit)
    coordinator.coordinated_units.add(unit)
    course = CourseFactory(capacity=capacity, requires_approval=True)
    staff = [UserFactory(unit=unit) for _ in range(3)]
    created = services.nominate(coordinator, course, staff, now=at(5))
    assert [r.status for r in created] == [S.PENDING] * 3
    # One microsecond apart, in the order given: approvals and the queue follow it.
    assert all(
        r.decided_at is None and r.queued_at == at(5) + dt.timedelta(microseconds=i)
        for i, r in enumerate(created)
    )
    assert services.seats_taken(course) == 0


def test_approve_when_full_without_waiting_list():
    course = CourseFactory(capacity=1, requires_approval=True, waiting_list_enabled=False)
    organizer = UserFactory()
    first, second = fill(course, [S.PENDING, S.PENDING])
    assert services.approve(first, by=organizer, now=at(10)).status == S.CONFIRMED
    with pytest.raises(RegistrationError) as error:
        services.approve(second, by=organizer, now=at(11))
    assert error.value.code == "full"
    assert status(second) == S.PENDING  # nothing written
    assert ModelLogEntry.objects.filter(action="courses.approve").count() == 1


def test_move_waitlisted_to_confirmed():
    """The organizer gives a seat to a chosen waiting person (not the head of the queue)."""
    course = CourseFactory(capacity=1)
    a, b, c = fill(course, [S.CONFIRMED, S.WAITLISTED, S.WAITLISTED])
    organizer = UserFactory()
    with pytest.raises(RegistrationError) as error:
        services.move(c, S.CONFIRMED, by=organizer, now=at(20))
    assert error.value.code == "no_seat"
    # A seat freed outside the services (e.g. data from before the waiting-list rule).
    type(course).objects.filter(pk=course.pk).update(capacity=2)
    moved = services.move(c, S.CONFIRMED, by=organizer, now=at(22), reason="Giảng viên mời")
    assert moved.status == S.CONFIRMED and moved.decided_at == at(22)
    assert [status(r) for r in (a, b, c)] == [S.CONFIRMED, S.WAITLISTED, S.CONFIRMED]
    assert services.waiting_position(Registration.objects.get(pk=b.pk)) == 1
    entry = ModelLogEntry.objects.get(action="courses.move")
    assert entry.data == {"from": S.WAITLISTED, "to": S.CONFIRMED, "reason": "Giảng viên mời"}
    assert entry.user_id == organizer.pk


# ---- Item: a seat freed by a move goes to the waiting list; it never stays free while people wait.


def test_move_out_of_a_seat_promotes_the_head_of_the_queue():
    course = CourseFactory(capacity=1)
    a, b, c = fill(course, [S.CONFIRMED, S.WAITLISTED, S.WAITLISTED])
    services.move(a, S.WAITLISTED, by=UserFactory(), now=at(30))
    assert [status(r) for r in (a, b, c)] == [S.WAITLISTED, S.CONFIRMED, S.WAITLISTED]
    # The moved person joins the back of the queue.
    assert services.waiting_position(Registration.objects.get(pk=a.pk)) == 2


def test_pending_onto_waiting_list_refused_while_a_seat_is_free():
    course = CourseFactory(capacity=2, requires_approval=True)
    (a,) = fill(course, [S.PENDING])
    with pytest.raises(RegistrationError) as error:
        services.move(a, S.WAITLISTED, by=UserFactory(), now=at(30))
    assert error.value.code == "seat_stays_free"
    assert status(a) == S.PENDING


def test_move_to_waiting_list_never_leaves_a_free_seat_behind(vi):
    course = CourseFactory(capacity=1)
    (a,) = fill(course, [S.CONFIRMED])
    organizer = UserFactory()
    with pytest.raises(RegistrationError) as error:
        services.move(a, S.WAITLISTED, by=organizer, now=at(30))
    assert error.value.code == "seat_stays_free"
    assert a.person.full_name in error.value.message
    assert status(a) == S.CONFIRMED  # nothing written
    assert not ModelLogEntry.objects.filter(action="courses.move").exists()
    # So a newcomer is never queued behind a free seat.
    services.cancel(a, by=a.person, now=at(31))
    newcomer = services.register(UserFactory(), course, now=at(32))
    assert newcomer.status == S.CONFIRMED
    # After the move of a confirmed person to the list there is never a free seat with a queue.
    late = services.register(UserFactory(), course, now=at(33))
    services.move(newcomer, S.WAITLISTED, by=organizer, now=at(34))
    assert (status(newcomer), status(late)) == (S.WAITLISTED, S.CONFIRMED)
    assert services.seats_taken(course) == course.capacity


# ---- Item: approving onto the waiting list sends the waiting-list notice, not "approved".


def test_approve_onto_waiting_list_sends_waiting_notice(
    django_capture_on_commit_callbacks, mailoutbox
):
    course = CourseFactory(capacity=1, requires_approval=True)
    organizer = UserFactory()
    first, second = fill(course, [S.PENDING, S.PENDING])
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(first, by=organizer, now=at(10))
    approved = mailoutbox[-1]
    assert [a[0] for a in approved.attachments] == [f"{course.slug}.ics"]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.approve(second, by=organizer, now=at(11)).status == S.WAITLISTED
    notice = mailoutbox[-1]
    assert notice.to == [second.person.email]
    assert notice.attachments == []
    assert notice.subject != approved.subject
    assert "chờ" in notice.subject.lower()
