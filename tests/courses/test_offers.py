"""Seats offered from the waiting list: offer on a freed seat, accept, give up, expiry passing
the offer on, and the automatic mode left as it was."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from courses import services
from courses.models import Course, Registration
from courses.periodic import PERIODIC
from courses.services import RegistrationError
from courses.tasks import pass_on_expired_offers
from tests.factories import UserFactory

from .factories import CourseFactory

pytestmark = pytest.mark.django_db
S = Registration.Status
OFFER = Course.FreedSeat.OFFER


@pytest.fixture
def now():
    return timezone.now()


def full_course(now, *, capacity=1, waiting=2, **kwargs):
    """A course in offer mode with `capacity` seated people and `waiting` people queued."""
    course = CourseFactory(capacity=capacity, freed_seat=OFFER, offer_hours=24, **kwargs)
    seated = [
        services.register(UserFactory(), course, now=now + dt.timedelta(seconds=i))
        for i in range(capacity)
    ]
    queued = [
        services.register(UserFactory(), course, now=now + dt.timedelta(seconds=capacity + i))
        for i in range(waiting)
    ]
    assert {r.status for r in seated} == {S.CONFIRMED}
    assert {r.status for r in queued} == {S.WAITLISTED}
    return course, seated, queued


def fresh(registration):
    registration.refresh_from_db()
    return registration


def test_cancel_offers_the_seat_to_the_next_person_with_a_deadline(
    now, vi, django_capture_on_commit_callbacks
):
    course, seated, queued = full_course(now)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        offered = services.cancel(seated[0], now=now)
    assert [r.pk for r in offered] == [queued[0].pk]
    first = fresh(queued[0])
    assert first.status == S.OFFERED
    assert first.offered_at == now
    assert first.offer_expires_at == now + dt.timedelta(hours=24)
    # The offer holds the seat: a newcomer cannot take it, and the next person still waits.
    assert services.seats_taken(course) == 1
    assert fresh(queued[1]).status == S.WAITLISTED
    assert services.waiting_position(fresh(queued[1])) == 1
    late = services.register(UserFactory(), course, now=now + dt.timedelta(minutes=1))
    assert late.status == S.WAITLISTED
    # The email names the deadline in Vietnam time, dd/mm/yyyy HH:MM, and links to the page.
    offer_mail = next(m for m in mail.outbox if m.to == [first.person.email])
    deadline = timezone.localtime(first.offer_expires_at).strftime("%d/%m/%Y %H:%M")
    assert deadline in offer_mail.body
    assert "Nhận chỗ" in offer_mail.body
    assert course.get_absolute_url() in offer_mail.body
    assert course.title in offer_mail.subject
    assert not offer_mail.attachments  # no calendar until the seat is accepted


def test_offer_never_runs_past_the_first_session(now):
    course, seated, queued = full_course(now)
    first = course.sessions.order_by("date", "starts_at").first()
    shortly_before = first.start - dt.timedelta(hours=3)
    services.cancel(seated[0], by=UserFactory(), now=shortly_before)
    assert fresh(queued[0]).offer_expires_at == first.start


def test_accept_confirms_the_seat_and_sends_the_calendar(now, django_capture_on_commit_callbacks):
    course, seated, queued = full_course(now)
    services.cancel(seated[0], now=now)
    mail.outbox.clear()
    person = queued[0].person
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.accept_offer(person, course, now=now + dt.timedelta(hours=23))
    assert registration.status == S.CONFIRMED
    assert fresh(queued[0]).status == S.CONFIRMED
    assert services.seats_taken(course) == 1
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert mail.outbox[0].attachments  # the .ics of the sessions


def test_accept_twice_refused_the_second_time(now):
    course, seated, queued = full_course(now)
    services.cancel(seated[0], now=now)
    services.accept_offer(queued[0].person, course, now=now)
    with pytest.raises(RegistrationError) as error:
        services.accept_offer(queued[0].person, course, now=now)
    assert error.value.code == "no_offer"


def test_accept_after_the_deadline_refused_even_before_the_job_runs(now, vi):
    course, seated, queued = full_course(now)
    services.cancel(seated[0], now=now)
    deadline = fresh(queued[0]).offer_expires_at
    with pytest.raises(RegistrationError) as error:
        services.accept_offer(queued[0].person, course, now=deadline)
    assert error.value.code == "offer_expired"
    assert timezone.localtime(deadline).strftime("%d/%m/%Y %H:%M") in error.value.message
    assert "hết hạn" in error.value.message or "đã hết" in error.value.message
    assert fresh(queued[0]).status == S.OFFERED  # nothing written


def test_accept_after_the_job_passed_the_offer_on_says_it_expired(now):
    course, seated, queued = full_course(now)
    services.cancel(seated[0], now=now)
    services.expire_offers(now=now + dt.timedelta(hours=25))
    with pytest.raises(RegistrationError) as error:
        services.accept_offer(queued[0].person, course, now=now + dt.timedelta(hours=25))
    assert error.value.code == "offer_expired"


def test_nobody_can_answer_someone_elses_offer(now):
    course, seated, queued = full_course(now)
    services.cancel(seated[0], now=now)
    for intruder in (queued[1].person, UserFactory(), seated[0].person):
        for answer in (services.accept_offer, services.decline_offer):
            with pytest.raises(RegistrationError) as error:
                answer(intruder, course, now=now)
            assert error.value.code == "no_offer"
    assert fresh(queued[0]).status == S.OFFERED
    assert fresh(queued[1]).status == S.WAITLISTED


def test_decline_passes_the_offer_to_the_next_person(now):
    course, seated, queued = full_course(now, waiting=3)
    services.cancel(seated[0], now=now)
    later = now + dt.timedelta(hours=2)
    passed = services.decline_offer(queued[0].person, course, now=later)
    assert [r.pk for r in passed] == [queued[1].pk]
    assert fresh(queued[0]).status == S.CANCELLED
    second = fresh(queued[1])
    assert second.status == S.OFFERED
    assert second.offer_expires_at == later + dt.timedelta(hours=24)
    # The people behind move up as those ahead leave.
    assert services.waiting_position(fresh(queued[2])) == 1
    assert services.seats_taken(course) == 1


def test_expired_offer_passes_on_and_the_person_leaves_the_list(
    now, vi, django_capture_on_commit_callbacks
):
    course, seated, queued = full_course(now, waiting=3)
    services.cancel(seated[0], now=now)
    assert services.expire_offers(now=now + dt.timedelta(hours=23)) == 0  # not yet
    mail.outbox.clear()
    after = now + dt.timedelta(hours=24)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_offers(now=after) == 1
    lapsed = fresh(queued[0])
    assert lapsed.status == S.OFFER_EXPIRED
    assert fresh(queued[1]).status == S.OFFERED
    assert fresh(queued[1]).offer_expires_at == after + dt.timedelta(hours=24)
    assert services.waiting_position(fresh(queued[2])) == 1
    assert services.seats_taken(course) == 1
    recipients = {m.to[0]: m for m in mail.outbox}
    assert "đã được trả lại (cho người tiếp theo trong danh sách chờ, nếu có)" in (
        recipients[lapsed.person.email].body
    )
    assert queued[1].person.email in recipients
    # Idempotent: running again changes nothing.
    assert services.expire_offers(now=after) == 0
    # The person may sign up again, at the back of the list.
    again = services.register(lapsed.person, course, now=after + dt.timedelta(minutes=1))
    assert again.status == S.WAITLISTED
    assert services.waiting_position(again) == 2


def test_expiry_with_nobody_waiting_frees_the_seat(now):
    course, seated, queued = full_course(now, waiting=1)
    services.cancel(seated[0], now=now)
    services.expire_offers(now=now + dt.timedelta(days=2))
    assert services.seats_taken(course) == 0
    newcomer = services.register(UserFactory(), course, now=now + dt.timedelta(days=2))
    assert newcomer.status == S.CONFIRMED


def test_the_periodic_job_passes_offers_on(now):
    assert (pass_on_expired_offers, 120) in PERIODIC
    course, seated, queued = full_course(now)
    past = now - dt.timedelta(hours=30)
    services.cancel(seated[0], now=past)  # the offer lapsed six hours ago
    assert pass_on_expired_offers.call() == 1
    assert fresh(queued[1]).status == S.OFFERED


def test_capacity_never_exceeded_through_every_path(now):
    course, seated, queued = full_course(now, capacity=3, waiting=6)

    def check():
        held = Registration.objects.filter(course=course, status__in=Registration.HOLDING)
        assert held.count() <= course.capacity

    t = now
    for registration in seated:
        t += dt.timedelta(minutes=1)
        services.cancel(registration, now=t)
        check()
    assert Registration.objects.filter(course=course, status=S.OFFERED).count() == 3
    services.accept_offer(queued[0].person, course, now=t)
    services.decline_offer(queued[1].person, course, now=t)
    check()
    services.expire_offers(now=t + dt.timedelta(days=2))
    check()
    # Three newcomers while offers are open: none takes a held seat.
    for _ in range(3):
        assert services.register(UserFactory(), course, now=t).status == S.WAITLISTED
    check()
    # Raising the capacity offers the new seats; lowering below the held seats is refused.
    course.refresh_from_db()
    services.set_capacity(course, 5, by=UserFactory(), now=t)
    course.refresh_from_db()
    check()
    with pytest.raises(RegistrationError) as error:
        services.set_capacity(course, 1, by=UserFactory(), now=t)
    assert error.value.code == "capacity_below_confirmed"


def test_organizer_can_cancel_or_reject_an_offer_and_it_passes_on(now):
    course, seated, queued = full_course(now, waiting=3)
    services.cancel(seated[0], now=now)
    organizer = UserFactory(is_staff=True)
    services.cancel(fresh(queued[0]), by=organizer, reason="Không đủ điều kiện", now=now)
    assert fresh(queued[1]).status == S.OFFERED
    services.reject(fresh(queued[1]), by=organizer, reason="Trùng lịch", now=now)
    assert fresh(queued[2]).status == S.OFFERED


def test_cancelling_the_course_withdraws_open_offers(now):
    course, seated, queued = full_course(now)
    services.cancel(seated[0], now=now)
    services.cancel_course(course, by=UserFactory(), reason="Hoãn", now=now)
    assert fresh(queued[0]).status == S.CANCELLED
    assert services.expire_offers(now=now + dt.timedelta(days=2)) == 0


def test_an_open_offer_counts_as_taking_part(now):
    course, seated, queued = full_course(now)
    services.cancel(seated[0], now=now)
    with pytest.raises(RegistrationError) as error:
        services.register(queued[0].person, course, now=now)
    assert error.value.code == "already_registered"


def test_automatic_mode_unchanged(now):
    course = CourseFactory(capacity=1)
    assert course.freed_seat == Course.FreedSeat.AUTOMATIC
    holder = services.register(UserFactory(), course, now=now)
    waiting = services.register(UserFactory(), course, now=now + dt.timedelta(seconds=1))
    promoted = services.cancel(holder, now=now)
    assert [r.pk for r in promoted] == [waiting.pk]
    waiting = fresh(waiting)
    assert waiting.status == S.CONFIRMED
    assert waiting.offered_at is None and waiting.offer_expires_at is None
    with pytest.raises(RegistrationError):
        services.accept_offer(waiting.person, course, now=now)
    assert services.expire_offers(now=now + dt.timedelta(days=30)) == 0


def test_switching_to_automatic_lets_a_lapsed_offer_promote(now):
    course, seated, queued = full_course(now)
    services.cancel(seated[0], now=now)
    course.freed_seat = Course.FreedSeat.AUTOMATIC
    course.save()
    services.expire_offers(now=now + dt.timedelta(days=2))
    assert fresh(queued[1]).status == S.CONFIRMED


@pytest.mark.parametrize("hours", [0, 169, -1])
def test_offer_hours_validated(hours):
    from django.core.exceptions import ValidationError

    course = CourseFactory.build(offer_hours=hours, freed_seat=OFFER)
    with pytest.raises(ValidationError) as error:
        course.full_clean(exclude=["organizing_unit", "slug", "certificate_template"])
    assert "offer_hours" in error.value.message_dict


def test_deleting_an_account_with_an_open_offer_passes_it_on_at_once(now):
    from accounts import services as account_services

    course, seated, queued = full_course(now)
    services.cancel(seated[0], now=now)
    account_services.anonymise(queued[0].person)
    assert fresh(queued[0]).status == S.CANCELLED
    assert fresh(queued[1]).status == S.OFFERED
