"""Every state change of courses, registrations and attendance.

Each function takes instances or ids and an optional `now`, and raises RegistrationError
(courses/errors.py, with the user-facing texts) when the request breaks a rule; nothing is written
then.

Seats are decided under a lock on the course row: lock, recount, write, in one transaction
(PostgreSQL: SELECT ... FOR UPDATE; SQLite: the IMMEDIATE transaction already holds the write lock).
Emails are sent by tasks enqueued after commit.
"""

import datetime
import hashlib
import hmac
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connection, transaction
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from common import ratelimit, vietnamese
from common.parsing import parse_id, parse_ids

from .errors import RegistrationError
from .models import MAX_CAPACITY, Attendance, Course, Registration, Session
from .signals import completion_confirmed

Status = Registration.Status

# ----------------------------------------------------------------------------------------------
# Locking and counting
# ----------------------------------------------------------------------------------------------


def _lock_course(course_id) -> Course:
    """Lock the course row for the rest of the transaction and return it fresh.

    COURSES_UNSAFE_SKIP_LOCK exists only so a control test can show the race the lock prevents.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Seats may only be counted inside a transaction.")
    qs = Course.objects.all()
    if not getattr(settings, "COURSES_UNSAFE_SKIP_LOCK", False):
        qs = qs.select_for_update()
    return qs.get(pk=course_id)


def _after_recount(course, status):
    """Nothing. A race test replaces it to hold every concurrent sign-up here, after it has
    counted the seats and before it writes, so the test shows exactly what the lock prevents
    (tests/concurrency/test_courses_race.py)."""


def seats_taken(course) -> int:
    """Seats held, an open offer's seat included (it is kept for its person)."""
    return Registration.objects.filter(course=course, status__in=Registration.HOLDING).count()


def _waitlisted(course):
    return Registration.objects.filter(course=course, status=Status.WAITLISTED).order_by(
        "queued_at", "pk"
    )


def waiting_position(registration) -> int | None:
    """1 for the first person on the waiting list."""
    if registration.status != Status.WAITLISTED:
        return None
    return (
        Registration.objects.filter(course_id=registration.course_id, status=Status.WAITLISTED)
        .filter(
            Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def with_positions(qs):
    """Annotate each registration with `ahead`, the people before it on the waiting list, in
    one query (its position is `ahead + 1`)."""
    ahead = (
        Registration.objects.filter(course=OuterRef("course"), status=Status.WAITLISTED)
        .filter(
            Q(queued_at__lt=OuterRef("queued_at"))
            | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(ahead=Coalesce(Subquery(ahead), 0))


def _notify(kind, registration_id, **extra):
    from .tasks import send_registration_email

    transaction.on_commit(
        lambda: send_registration_email.enqueue(registration_id, kind, extra or None)
    )


# Seats per unit (optional, `Course.unit_quota`): counted under the same course lock as the
# capacity, over the seats held (an open offer included) by people of each unit.


def _unit_seats(course) -> dict:
    """{unit id: seats its people hold} (people without a unit are not counted)."""
    return dict(
        Registration.objects.filter(
            course=course, status__in=Registration.HOLDING, person__unit__isnull=False
        )
        .order_by()
        .values_list("person__unit_id")
        .annotate(n=Count("pk"))
    )


def unit_quota_reached(course, person) -> bool:
    """Whether the person's unit already holds all the course's seats per unit (never when the
    course has no quota or the person no unit)."""
    if course.unit_quota is None or person is None or person.unit_id is None:
        return False
    held = Registration.objects.filter(
        course=course, status__in=Registration.HOLDING, person__unit_id=person.unit_id
    ).count()
    return held >= course.unit_quota


def _eligible_waiting(course):
    """The waiting list less the people whose unit holds its quota: they cannot take a free
    seat now, so they must not keep a newcomer of another unit from taking it."""
    waiting = _waitlisted(course)
    if course.unit_quota is None:
        return waiting
    full = [unit for unit, held in _unit_seats(course).items() if held >= course.unit_quota]
    return waiting.exclude(person__unit_id__in=full) if full else waiting


def _next_waiting(course, free, skip=None) -> list[Registration]:
    """The first `free` people of the waiting list who may take a seat: in queue order, passing
    over those whose unit has reached its quota (counting the seats given here too)."""
    waiting = _waitlisted(course).exclude(pk=skip)
    if course.unit_quota is None:
        return list(waiting[:free])
    used = _unit_seats(course)
    chosen = []
    for pk, unit in waiting.values_list("pk", "person__unit_id"):
        if unit is not None:
            if used.get(unit, 0) >= course.unit_quota:
                continue
            used[unit] = used.get(unit, 0) + 1
        chosen.append(pk)
        if len(chosen) == free:
            break
    return list(Registration.objects.filter(pk__in=chosen).order_by("queued_at", "pk"))


def _seat_or_queue(course, *, now, person=None) -> str:
    """The status a newcomer gets now: a free seat if nobody who could take it is waiting and
    their unit has room, else the waiting list."""
    unit_full = unit_quota_reached(course, person)
    if (
        seats_taken(course) < course.capacity
        and not unit_full
        and not _eligible_waiting(course).exists()
    ):
        return Status.CONFIRMED
    if course.waiting_list_enabled:
        return Status.WAITLISTED
    if unit_full:
        raise RegistrationError("unit_quota_full", quota=course.unit_quota)
    raise RegistrationError("full")


def offer_deadline(course, now) -> datetime.datetime:
    """Until when a seat offered at `now` waits for its person: the course's hours to accept,
    but never past the start of the first session (a seat accepted later would be missed)."""
    deadline = now + datetime.timedelta(hours=course.offer_hours)
    first = course.sessions.order_by("date", "starts_at").first()
    if first is not None and now < first.start < deadline:
        deadline = first.start
    return deadline


def _fill_seats(course, *, now, skip=None) -> list[Registration]:
    """Promote people from the head of the waiting list into free seats (course already locked),
    or, when the course offers freed seats, offer them the seats.

    `skip`: a registration an organizer has just moved out of its seat on purpose.
    """
    free = course.capacity - seats_taken(course)
    if free <= 0:
        return []
    promoted = _next_waiting(course, free, skip)
    if promoted and course.freed_seat == Course.FreedSeat.OFFER:
        deadline = offer_deadline(course, now)
        for registration in promoted:
            registration.status = Status.OFFERED
            registration.offered_at = now
            registration.offer_expires_at = deadline
            registration.save(
                update_fields=["status", "offered_at", "offer_expires_at", "updated_at"]
            )
            _notify("offered", registration.pk)
        return promoted
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.decided_at = now
        registration.save(update_fields=["status", "decided_at", "updated_at"])
        _notify("promoted", registration.pk)
    return promoted


# ----------------------------------------------------------------------------------------------
# Registration
# ----------------------------------------------------------------------------------------------


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _check_course_accepts(course, now):
    refusal = course.registration_refusal(now)
    if refusal == "not_open_yet":
        opens = timezone.localtime(course.registration_opens_at)
        raise RegistrationError(refusal, opens=date_format(opens, "SHORT_DATETIME_FORMAT"))
    if refusal == "closed":
        closes = timezone.localtime(course.registration_closes_at)
        raise RegistrationError(refusal, closes=date_format(closes, "SHORT_DATETIME_FORMAT"))
    if refusal is not None:
        raise RegistrationError(refusal)


def _check_audience(course, person, *, self_service):
    if course.audience == Course.Audience.ALL:
        return
    if person.unit_id is None:
        if self_service:
            raise RegistrationError("no_unit")
        raise RegistrationError("not_in_audience", unit=person.full_name)
    if not course.admits(person.unit):
        raise RegistrationError("not_in_audience", unit=person.unit.name)


def clean_answers(course, answers) -> dict:
    """Answers keyed by question id (as text); refuses missing required ones and long ones."""
    answers = answers or {}
    cleaned = {}
    for question in course.questions.all():
        value = str(answers.get(str(question.pk), answers.get(question.pk, "")) or "").strip()
        if not value and question.required:
            raise RegistrationError("answer_missing", question=question.text)
        if len(value) > question.max_length:
            raise RegistrationError(
                "answer_too_long",
                question=question.text,
                max=question.max_length,
                length=len(value),
            )
        if value:
            cleaned[str(question.pk)] = {"question": question.text, "answer": value}
    return cleaned


def _new_registration(course, person, *, status, source, by, answers, now) -> Registration:
    existing = Registration.objects.filter(course=course, person=person).first()
    if existing is not None and existing.status in Registration.ACTIVE:
        raise RegistrationError("already_registered", name=person.full_name)
    registration = existing or Registration(course=course, person=person)
    registration.status = status
    registration.source = source
    registration.created_by = by
    registration.created_at = now
    registration.queued_at = now
    registration.answers = answers
    registration.decided_by = None
    registration.decided_at = now if status == Status.CONFIRMED else None
    registration.reason = ""
    registration.cancelled_at = None
    registration.completed_at = None
    registration.final_test_score = None
    registration.reminder_sent_at = None
    registration.save()
    return registration


def register(person, course, *, answers=None, now=None) -> Registration:
    """The person signs up: confirmed, pending approval, or on the waiting list."""
    with transaction.atomic():
        course = _lock_course(course.pk)
        # Read the clock after the lock, so queue order is the order the lock was granted in.
        now = now or timezone.now()
        _check_course_accepts(course, now)
        _check_audience(course, person, self_service=True)
        cleaned = clean_answers(course, answers)
        status = (
            Status.PENDING
            if course.requires_approval
            else _seat_or_queue(course, now=now, person=person)
        )
        _after_recount(course, status)
        registration = _new_registration(
            course,
            person,
            status=status,
            source=Registration.Source.SELF,
            by=person,
            answers=cleaned,
            now=now,
        )
        _notify(status, registration.pk)
    # For the sign-up message: waiting because the person's unit has used its seats.
    registration.unit_quota_reached = status == Status.WAITLISTED and unit_quota_reached(
        course, person
    )
    return registration


def nominate(coordinator, course, people, *, now=None) -> list[Registration]:
    """A unit coordinator nominates several staff at once; past capacity they join the waiting
    list in the order given. `people` are users or their ids (as posted by the form).

    Anyone outside the coordinator's units refuses the whole batch, and so does an id that
    matches nobody: the refusal is the same for both and names no one, so the form cannot be
    used to find out who an id is or whether it exists. A person of the coordinator's units
    whose unit is only their own, unconfirmed choice refuses the batch too.
    """
    now = now or timezone.now()
    ids = [getattr(person, "pk", person) for person in people]
    if not ids:
        raise RegistrationError("nobody_chosen")
    allowed = set(coordinator.coordinated_units.values_list("pk", flat=True))
    found = (
        get_user_model()
        .objects.filter(pk__in=ids, unit_id__in=allowed)
        .select_related("unit")
        .in_bulk()
    )
    if any(pk not in found for pk in ids):
        raise RegistrationError("not_coordinator")
    people = [found[pk] for pk in ids]
    for person in people:
        if person.unit_confirmed_at is None:
            raise RegistrationError("unit_not_confirmed", name=person.full_name)
    created = []
    with transaction.atomic():
        course = _lock_course(course.pk)
        _check_course_accepts(course, now)
        for person in people:
            _check_audience(course, person, self_service=False)
        for place, person in enumerate(people):
            status = (
                Status.PENDING
                if course.requires_approval
                else _seat_or_queue(course, now=now, person=person)
            )
            registration = _new_registration(
                course,
                person,
                status=status,
                source=Registration.Source.NOMINATION,
                by=coordinator,
                answers={},
                # One microsecond apart: the queue (and the organizers' approval list) keeps the
                # order given even when a row is reused from an earlier cancellation.
                now=now + datetime.timedelta(microseconds=place),
            )
            _notify(status, registration.pk)
            created.append(registration)
        log(course, "courses.nominate", user=coordinator, data={"people": [p.pk for p in people]})
    return created


#: Statuses a registration can be cancelled or rejected from (an offered seat too: it passes on).
CANCELLABLE = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)


def cancel(
    registration, *, by=None, now=None, reason="", account_deleted=False
) -> list[Registration]:
    """Cancel a registration. The person may cancel until the course starts; organizers always.

    A freed seat goes to the head of the waiting list in the same transaction.
    `account_deleted`: the person is deleting their account, which cancels whatever the course's
    dates (they can no longer take part) and sends them nothing.
    Returns the people promoted.
    """
    now = now or timezone.now()
    by_organizer = by is not None and by.pk != registration.person_id
    with transaction.atomic():
        course = _lock_course(registration.course_id)
        registration = Registration.objects.select_related("person").get(pk=registration.pk)
        if registration.status not in CANCELLABLE:
            raise RegistrationError("cannot_cancel")
        if not by_organizer and not account_deleted:
            first = course.sessions.order_by("date", "starts_at").first()
            if first is not None and now >= first.start:
                raise RegistrationError("course_started")
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.reason = reason
        if by_organizer:
            registration.decided_by = by
            registration.decided_at = now
        registration.save()
        promoted = _fill_seats(course, now=now)
        if by_organizer:
            log(registration, "courses.cancel", user=by, data={"reason": reason})
            _notify("cancelled_by_organizer", registration.pk)
        elif not account_deleted:
            _notify("cancelled", registration.pk)
    return promoted


def cancel_own(person, course, *, now=None) -> list[Registration]:
    """The person cancels their own registration for `course` (see `cancel`)."""
    registration = Registration.objects.filter(person=person, course=course).first()
    if registration is None:
        raise RegistrationError("not_registered")
    return cancel(registration, by=person, now=now)


def approve(registration, *, by, now=None) -> Registration:
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock_course(registration.course_id)
        registration = Registration.objects.select_related("person").get(pk=registration.pk)
        if registration.status != Status.PENDING:
            raise RegistrationError("not_pending")
        registration.status = _seat_or_queue(course, now=now, person=registration.person)
        registration.queued_at = now
        registration.decided_by = by
        registration.decided_at = now
        registration.save()
        log(registration, "courses.approve", user=by, data={"status": registration.status})
        # Only a seat is "approved" (with the sessions attached); otherwise the person is told
        # their place on the waiting list.
        if registration.status == Status.CONFIRMED:
            _notify("approved", registration.pk)
        else:
            _notify("waitlisted", registration.pk)
    return registration


def reject(registration, *, by, reason, now=None) -> Registration:
    """Refuse a registration with a reason that is emailed. A freed seat is passed on."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise RegistrationError("reason_required")
    with transaction.atomic():
        course = _lock_course(registration.course_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status not in CANCELLABLE:
            raise RegistrationError("cannot_reject")
        registration.status = Status.REJECTED
        registration.reason = reason
        registration.decided_by = by
        registration.decided_at = now
        registration.save()
        _fill_seats(course, now=now)
        log(registration, "courses.reject", user=by, data={"reason": reason})
        _notify("rejected", registration.pk)
    return registration


def set_capacity(course, capacity, *, by, now=None, at_least_taken=False) -> list[Registration]:
    """Change the number of seats; never below the seats already taken. More seats promote.

    `at_least_taken`: instead of refusing a capacity below the seats taken, use that count.
    """
    now = now or timezone.now()
    capacity = parse_id(capacity.strip() if isinstance(capacity, str) else capacity)
    if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
        raise RegistrationError("capacity_invalid", max=MAX_CAPACITY)
    with transaction.atomic():
        course = _lock_course(course.pk)
        taken = seats_taken(course)
        if capacity < taken:
            if not at_least_taken:
                raise RegistrationError("capacity_below_confirmed", count=taken)
            capacity = taken
        old = course.capacity
        course.capacity = capacity
        course.save(update_fields=["capacity", "updated_at"])
        promoted = _fill_seats(course, now=now)
        log(course, "courses.capacity", user=by, data={"from": old, "to": capacity})
    return promoted


#: Moves an organizer may make by hand.
MOVES = {
    Status.CONFIRMED: (Status.WAITLISTED, Status.PENDING, Status.CANCELLED, Status.REJECTED),
    Status.WAITLISTED: (Status.CONFIRMED, Status.PENDING),
    Status.PENDING: (Status.WAITLISTED,),
}


def move(registration, target, *, by, now=None, reason="") -> Registration:
    """Move a registration by hand (e.g. give a waiting person a seat), with an audit entry.

    Into a seat only while one is free; out of a seat, the seat goes to the head of the queue.
    """
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock_course(registration.course_id)
        registration = Registration.objects.get(pk=registration.pk)
        source = registration.status
        if target not in MOVES or source not in MOVES[target]:
            raise RegistrationError(
                "move_invalid",
                source=Status(source).label,
                target=Status(target).label if target in Status.values else target,
            )
        if target == Status.CONFIRMED and seats_taken(course) >= course.capacity:
            raise RegistrationError("no_seat")
        registration.status = target
        registration.decided_by = by
        registration.decided_at = now
        if target == Status.WAITLISTED:
            registration.queued_at = now
        registration.save()
        log(
            registration,
            "courses.move",
            user=by,
            data={"from": source, "to": target, "reason": reason},
        )
        if source == Status.CONFIRMED:
            # The freed seat goes to the head of the waiting list at once, so no seat stays
            # empty while someone waits (a newcomer would otherwise queue behind a free seat).
            _fill_seats(course, now=now, skip=registration.pk)
        if target == Status.WAITLISTED and seats_taken(course) < course.capacity:
            # Nobody else was waiting for the free seat: the moved person would wait for an
            # empty seat, and every newcomer behind them. Keeping a seat empty on purpose is
            # done by lowering the capacity. Raising rolls the whole move back.
            person = registration.person
            raise RegistrationError("seat_stays_free", name=person.full_name)
        if target == Status.CONFIRMED:
            _notify("promoted", registration.pk)
        elif target == Status.WAITLISTED:
            _notify("waitlisted", registration.pk)
    return registration


def cancel_course(course, *, by, reason="", now=None) -> int:
    """The organizer cancels the whole course; everyone registered is told."""
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock_course(course.pk)
        if course.status == Course.Status.CANCELLED:
            raise RegistrationError("course_cancelled")
        course.status = Course.Status.CANCELLED
        course.cancelled_at = now
        course.save(update_fields=["status", "cancelled_at", "updated_at"])
        active = list(Registration.objects.filter(course=course, status__in=CANCELLABLE))
        for registration in active:
            registration.status = Status.CANCELLED
            registration.cancelled_at = now
            registration.reason = reason
            registration.decided_by = by
            registration.decided_at = now
            registration.save()
            _notify("course_cancelled", registration.pk)
        log(course, "courses.cancel_course", user=by, data={"reason": reason})
    return len(active)


def set_registration_paused(course, paused, *, by) -> Course:
    """The organizer stops taking registrations at once ("Dừng nhận đăng ký"), or reopens.
    Paused is part of `Course.registration_refusal`, so every way in (the form, unit
    coordinators' nominations) refuses while it lasts; those already registered keep their place."""
    paused = bool(paused)
    with transaction.atomic():
        course = _lock_course(course.pk)
        if course.registration_paused != paused:
            course.registration_paused = paused
            course.save(update_fields=["registration_paused", "updated_at"])
            action = "courses.pause_registration" if paused else "courses.resume_registration"
            log(course, action, user=by)
    return course


# ----------------------------------------------------------------------------------------------
# Offered seats (courses whose freed seats are offered rather than given)
# ----------------------------------------------------------------------------------------------


def _own_offer(person, course) -> Registration:
    """The person's own registration for the (locked) course, which must be an offer. There is
    no id to choose: nobody can answer someone else's offer."""
    registration = Registration.objects.filter(person=person, course=course).first()
    if registration is not None and registration.status == Status.OFFER_EXPIRED:
        raise RegistrationError("offer_expired", deadline=_when(registration.offer_expires_at))
    if registration is None or registration.status != Status.OFFERED:
        raise RegistrationError("no_offer")
    return registration


def accept_offer(person, course, *, now=None) -> Registration:
    """The person takes the seat offered to them ("Nhận chỗ"), if the offer is still open.

    Lock, recount, write, as a sign-up: a second click, a decline or the expiry job running at
    the same moment find the offer already answered once they get the lock.
    """
    with transaction.atomic():
        course = _lock_course(course.pk)
        now = now or timezone.now()
        registration = _own_offer(person, course)
        if not registration.offer_is_open(now):
            raise RegistrationError("offer_expired", deadline=_when(registration.offer_expires_at))
        # The offer holds its seat, so it is counted here: more than the capacity would mean a
        # seat given twice, and that is refused rather than written.
        if seats_taken(course) > course.capacity:
            raise RegistrationError("no_seat")
        _after_recount(course, Status.CONFIRMED)
        registration.status = Status.CONFIRMED
        registration.decided_at = now
        registration.save(update_fields=["status", "decided_at", "updated_at"])
        _notify("confirmed", registration.pk)
    return registration


def decline_offer(person, course, *, now=None) -> list[Registration]:
    """The person gives the offered seat up ("Nhường chỗ"): they leave the course and the seat
    is offered to the next person waiting. Returns the people it was offered to."""
    with transaction.atomic():
        course = _lock_course(course.pk)
        now = now or timezone.now()
        registration = _own_offer(person, course)
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        passed = _fill_seats(course, now=now)
        _notify("cancelled", registration.pk)
    return passed


def expire_offers(*, now=None) -> int:
    """Offers not accepted in time pass to the next person waiting (the periodic job).

    The person whose offer lapsed leaves the waiting list (OFFER_EXPIRED) and is told; they may
    sign up again at the back of the list. Idempotent: each course is locked and its overdue
    offers are read again under the lock. Returns the number of offers that lapsed.
    """
    now = now or timezone.now()
    course_ids = list(
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
        .order_by()
        .values_list("course_id", flat=True)
        .distinct()
    )
    lapsed = 0
    for course_id in course_ids:
        with transaction.atomic():
            course = _lock_course(course_id)
            overdue = list(
                Registration.objects.filter(
                    course=course, status=Status.OFFERED, offer_expires_at__lte=now
                )
            )
            for registration in overdue:
                registration.status = Status.OFFER_EXPIRED
                registration.decided_at = now
                registration.save(update_fields=["status", "decided_at", "updated_at"])
                _notify("offer_expired", registration.pk)
            _fill_seats(course, now=now)
            lapsed += len(overdue)
    return lapsed


# ----------------------------------------------------------------------------------------------
# Attendance
# ----------------------------------------------------------------------------------------------


def mark_attendance(session, marks, *, by, now=None) -> int:
    """Record a whole class for one session: marks = {registration_id: Attendance.Status}.

    Only seated participants of the session's course can be marked; the whole batch is refused
    otherwise. Returns the number of records written.
    """
    now = now or timezone.now()
    if now < session.start:
        raise RegistrationError("session_not_started", start=_when(session.start))
    marks = {int(pk): value for pk, value in marks.items() if value}
    if any(value not in Attendance.Status.values for value in marks.values()):
        raise RegistrationError("attendance_invalid")
    with transaction.atomic():
        seated = set(
            Registration.objects.filter(
                course_id=session.course_id, pk__in=marks, status__in=Registration.SEATED
            ).values_list("pk", flat=True)
        )
        if seated != set(marks):
            raise RegistrationError("attendance_invalid")
        existing = {
            a.registration_id: a
            for a in Attendance.objects.filter(session=session, registration_id__in=marks)
        }
        written = 0
        for registration_id, value in marks.items():
            record = existing.get(registration_id)
            if record is not None and record.status == value:
                continue
            if record is None:
                record = Attendance(session=session, registration_id=registration_id)
            record.status = value
            record.method = Attendance.Method.MANUAL
            record.recorded_by = by
            record.recorded_at = now
            record.save()
            written += 1
        if written:
            log(
                session.course,
                "courses.attendance",
                user=by,
                data={"session": session.pk, "count": written},
            )
    return written


#: The QR code shown at the venue changes every CHECKIN_PERIOD seconds; a scanned code stays
#: valid for the current and the previous period, so a slow phone is not refused.
CHECKIN_PERIOD = 120
#: Check-in opens this long before a session starts; after LATE_AFTER seconds people are late.
CHECKIN_OPENS_BEFORE = 30 * 60
LATE_AFTER = 15 * 60


def _mac(session_id, window) -> str:
    key = hashlib.sha256(("courses.checkin:" + settings.SECRET_KEY).encode()).digest()
    message = f"{session_id}:{window}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:20]


def checkin_code(session, now=None) -> str:
    now = now or timezone.now()
    window = int(now.timestamp()) // CHECKIN_PERIOD
    return f"{window}-{_mac(session.pk, window)}"


def session_is_running(session, now) -> bool:
    opens = session.start.timestamp() - CHECKIN_OPENS_BEFORE
    return opens <= now.timestamp() <= session.end.timestamp()


def check_in(person, session, code, *, now=None) -> Attendance:
    """Self check-in from the QR code at the venue: once per person and session."""
    now = now or timezone.now()
    window_text, _sep, mac = (code or "").partition("-")
    window = parse_id(window_text)
    # compare_digest refuses non-ASCII text, so compare bytes.
    if window is None or not hmac.compare_digest(mac.encode(), _mac(session.pk, window).encode()):
        raise RegistrationError("checkin_forged")
    current = int(now.timestamp()) // CHECKIN_PERIOD
    if not current - 1 <= window <= current:
        raise RegistrationError("checkin_expired")
    return _record_self_check_in(person, session, now)


def _record_self_check_in(person, session, now) -> Attendance:
    """The part of a self check-in after the code is accepted (QR or typed): once per person."""
    if not session_is_running(session, now):
        raise RegistrationError("checkin_not_now")
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(person=person, course_id=session.course_id, status=Status.CONFIRMED)
            .first()
        )
        if registration is None:
            raise RegistrationError("checkin_not_participant")
        if Attendance.objects.filter(registration=registration, session=session).exists():
            raise RegistrationError("already_checked_in")
        late = now.timestamp() > session.start.timestamp() + LATE_AFTER
        # A typed code is recorded as a QR check-in: both are the person's own check-in with
        # the code shown at the venue, and one method keeps the model (and its choices) as is.
        return Attendance.objects.create(
            registration=registration,
            session=session,
            status=Attendance.Status.LATE if late else Attendance.Status.PRESENT,
            method=Attendance.Method.QR,
            recorded_by=person,
            recorded_at=now,
        )


#: The short code typed by people who cannot scan the QR code: TYPED_CODE_LENGTH characters of
#: an alphabet without the look-alikes 0/O, 1/I/L, derived from the same secret and the same
#: window as the QR code (nothing is stored). 31^6 ≈ 887 million codes, two valid at a time,
#: and TYPED_CODE_LIMIT guesses per person and session: guessing is hopeless.
TYPED_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TYPED_CODE_LENGTH = 6
#: Wrong or right, typed codes per person and session per period (seconds).
TYPED_CODE_LIMIT = (10, 15 * 60)


def _typed_code(session_id, window) -> str:
    key = hashlib.sha256(("courses.checkin:" + settings.SECRET_KEY).encode()).digest()
    digest = hmac.new(key, f"typed:{session_id}:{window}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    base = len(TYPED_CODE_ALPHABET)
    letters = []
    for _index in range(TYPED_CODE_LENGTH):
        number, rest = divmod(number, base)
        letters.append(TYPED_CODE_ALPHABET[rest])
    return "".join(letters)


def typed_checkin_code(session, now=None) -> str:
    """The code shown (large) beside the QR code on the projector; it changes with it."""
    now = now or timezone.now()
    return _typed_code(session.pk, int(now.timestamp()) // CHECKIN_PERIOD)


def clean_typed_code(raw) -> str | None:
    """What a person typed as the code, in its one spelling ("abc-234", " ABC 234 " ->
    "ABC234"), or None when it cannot be a code (wrong length, a character not in the alphabet)."""
    text = unicodedata.normalize("NFKC", raw or "").upper()
    text = "".join(ch for ch in text if not ch.isspace() and ch not in "-‐‑–—_.")
    if len(text) != TYPED_CODE_LENGTH or any(ch not in TYPED_CODE_ALPHABET for ch in text):
        return None
    return text


def check_in_with_code(person, session, typed, *, now=None) -> Attendance:
    """Self check-in with the short code typed from the projector: the same rules as the QR
    check-in (current or previous window, while the session runs, confirmed participants,
    once). Every try counts towards TYPED_CODE_LIMIT, per person and session."""
    now = now or timezone.now()
    if not ratelimit.hit("courses-checkin-code", f"{person.pk}:{session.pk}", *TYPED_CODE_LIMIT):
        raise RegistrationError("checkin_too_many")
    code = clean_typed_code(typed)
    if code is None:
        raise RegistrationError("checkin_code_format", length=TYPED_CODE_LENGTH)
    current = int(now.timestamp()) // CHECKIN_PERIOD
    # Both windows are compared, whatever the first gives, so the time taken tells nothing.
    matches = [
        hmac.compare_digest(code.encode(), _typed_code(session.pk, window).encode())
        for window in (current, current - 1)
    ]
    if not any(matches):
        raise RegistrationError("checkin_code_wrong")
    return _record_self_check_in(person, session, now)


# The organizer's door screen and the printed sign-in sheet ------------------------------------

#: Each row of a printed sign-in sheet carries a QR code for the door screen, signed so that it
#: cannot be forged, nor used on another session's screen.
DOOR_SALT = "courses.door-sheet"
#: The one-tap marks at the door.
DOOR_MARKS = (Attendance.Status.PRESENT, Attendance.Status.LATE)


def door_token(session, registration) -> str:
    return signing.Signer(salt=DOOR_SALT).sign(f"{session.pk}.{registration.pk}")


def registration_id_from_door_token(session, token) -> int:
    """The registration a sign-in sheet's QR code names, if it was signed for `session`."""
    try:
        value = signing.Signer(salt=DOOR_SALT).unsign(token or "")
    except signing.BadSignature:
        raise RegistrationError("door_link_invalid") from None
    session_text, _sep, registration_text = value.partition(".")
    registration_id = parse_id(registration_text)
    if parse_id(session_text) != session.pk or registration_id is None:
        raise RegistrationError("door_link_invalid")
    return registration_id


def session_participants(session, *, query="") -> list[Registration]:
    """The people with a seat in the session's course, in the official order (given name
    first), each with `attendance` (their record for the session or None); `query` keeps those
    whose name has every typed word, tone marks ignored ("nguyen van a" finds "Nguyễn Văn An").
    Two queries, however many people."""
    registrations = Registration.objects.filter(
        course_id=session.course_id, status__in=Registration.SEATED
    ).select_related("person", "person__unit")
    records = {a.registration_id: a for a in Attendance.objects.filter(session=session)}
    words = vietnamese.fold(query).split()[:10]
    rows = []
    for registration in registrations:
        if words:
            name_words = vietnamese.fold(registration.person.full_name).split()
            if not all(any(n.startswith(w) for n in name_words) for w in words):
                continue
        registration.attendance = records.get(registration.pk)
        rows.append(registration)
    rows.sort(key=lambda r: vietnamese.name_sort_key(r.person.full_name))
    return rows


def mark_at_door(session, registration_id, status, *, by, now=None) -> Attendance:
    """One tap at the door: `status` (present or late) for one participant, with the rules of
    `mark_attendance` (not before the session starts; seated participants only)."""
    if status not in DOOR_MARKS:
        raise RegistrationError("attendance_invalid")
    mark_attendance(session, {registration_id: status}, by=by, now=now)
    return Attendance.objects.get(session=session, registration_id=registration_id)


def own_attendance(person, session) -> Attendance | None:
    """The person's attendance record for the session, if any (one query)."""
    if not person.is_authenticated:
        return None
    return Attendance.objects.filter(session=session, registration__person=person).first()


# ----------------------------------------------------------------------------------------------
# Completion
# ----------------------------------------------------------------------------------------------


@dataclass
class Completion:
    registration: Registration
    attended: int
    sessions: int
    score: Decimal | None
    meets_attendance: bool
    meets_test: bool

    @property
    def completed(self) -> bool:
        return self.meets_attendance and self.meets_test

    @property
    def percent(self) -> int:
        return round(100 * self.attended / self.sessions) if self.sessions else 0


def completion_overview(course) -> list[Completion]:
    """The course rule applied to every seated participant (three queries whatever the size)."""
    sessions = course.sessions.count()
    registrations = (
        Registration.objects.filter(course=course, status__in=Registration.SEATED)
        .select_related("person", "person__unit")
        .annotate(
            attended=Count("attendances", filter=Q(attendances__status__in=Attendance.ATTENDED))
        )
        .order_by("queued_at", "pk")
    )
    rows = []
    for registration in registrations:
        meets_attendance = course.meets_attendance(registration.attended, sessions)
        score = registration.final_test_score
        meets_test = course.meets_test(score)
        rows.append(
            Completion(
                registration, registration.attended, sessions, score, meets_attendance, meets_test
            )
        )
    return rows


def confirm_completion(course, *, by, registration_ids=None, now=None) -> tuple[int, int]:
    """The organizer confirms the computed result: COMPLETED or NOT_COMPLETED.

    `completion_confirmed` is sent after commit for each new completion.
    Returns (completed, not completed).
    """
    now = now or timezone.now()
    completed = []
    not_completed = 0
    with transaction.atomic():
        course = _lock_course(course.pk)
        # No certificate may be dated before the course it vouches for has ended.
        last = course.sessions.order_by("-date", "-ends_at").first()
        if last is not None and now < last.end:
            raise RegistrationError("course_not_ended", end=_when(last.end))
        wanted = None if registration_ids is None else set(parse_ids(registration_ids))
        for row in completion_overview(course):
            registration = row.registration
            if wanted is not None and registration.pk not in wanted:
                continue
            if row.completed:
                if registration.status == Status.COMPLETED:
                    continue
                registration.status = Status.COMPLETED
                registration.completed_at = now
                completed.append(registration)
            else:
                registration.status = Status.NOT_COMPLETED
                registration.completed_at = None
                not_completed += 1
            registration.decided_by = by
            registration.decided_at = now
            registration.save(
                update_fields=["status", "completed_at", "decided_by", "decided_at", "updated_at"]
            )
        log(
            course,
            "courses.completion",
            user=by,
            data={"completed": len(completed), "not_completed": not_completed},
        )

        def send():
            for registration in completed:
                completion_confirmed.send(sender=Registration, registration=registration)

        transaction.on_commit(send)
    return len(completed), not_completed


def record_test_result(*, person, course, score, now=None) -> Registration:
    """Store a final-test score (out of 10) on the person's registration, keeping the best."""
    try:
        score = Decimal(str(score)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise RegistrationError("score_invalid") from None
    if not Decimal("0") <= score <= Decimal("10"):
        raise RegistrationError("score_invalid")
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(person=person, course=course, status__in=Registration.SEATED)
            .first()
        )
        if registration is None:
            raise RegistrationError("not_participant")
        if registration.final_test_score is None or score > registration.final_test_score:
            registration.final_test_score = score
            registration.save(update_fields=["final_test_score", "updated_at"])
    return registration


# ----------------------------------------------------------------------------------------------
# Reminders
# ----------------------------------------------------------------------------------------------


def due_reminders(now=None):
    """Confirmed registrations whose course starts tomorrow and that have not been reminded."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    return (
        Registration.objects.filter(status=Status.CONFIRMED, reminder_sent_at__isnull=True)
        .filter(course__status=Course.Status.PUBLISHED)
        .annotate(first=Min("course__sessions__date"))
        .filter(first=tomorrow)
    )


def claim_reminder(registration_id, now=None) -> bool:
    """Mark the reminder as sent; True only for the one caller that marked it (idempotent)."""
    now = now or timezone.now()
    return bool(
        Registration.objects.filter(pk=registration_id, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
    )


def sessions_for(course):
    return Session.objects.filter(course=course).order_by("date", "starts_at")


# ----------------------------------------------------------------------------------------------
# Organizer reports: the dashboard's figures and the registrations export
# ----------------------------------------------------------------------------------------------


@dataclass
class UnitParticipation:
    unit: str  # the unit's name, "" for people without a unit
    participants: int  # seated participants from the unit
    headcount: int | None  # the unit's active staff; None for people without a unit

    @property
    def rate(self) -> float | None:
        """Share of the unit's staff taking part, in percent."""
        if not self.headcount:
            return None
        return round(100 * self.participants / self.headcount, 1)


@dataclass
class Dashboard:
    counts: dict  # registration status code -> number of registrations
    seated: int
    seats_left: int
    waitlisted: int
    pending: int
    attendance_rate: int | None  # percent of seats filled at the sessions held so far
    completion_rate: int | None  # percent completed among those decided
    by_unit: list[UnitParticipation]
    sessions: list


def dashboard(course, now=None) -> Dashboard:
    """The organizer's figures for one course (a handful of queries whatever its size)."""
    now = now or timezone.now()
    counts = dict(
        Registration.objects.filter(course=course)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    seated = sum(counts.get(status, 0) for status in Registration.SEATED)
    sessions = list(course.sessions.all())
    held = [session for session in sessions if session.start <= now]
    attended = Attendance.objects.filter(
        session__in=held,
        status__in=Attendance.ATTENDED,
        registration__status__in=Registration.SEATED,
    ).count()
    completed = counts.get(Status.COMPLETED, 0)
    decided = completed + counts.get(Status.NOT_COMPLETED, 0)
    return Dashboard(
        counts=counts,
        seated=seated,
        seats_left=max(course.capacity - seated - counts.get(Status.OFFERED, 0), 0),
        waitlisted=counts.get(Status.WAITLISTED, 0),
        pending=counts.get(Status.PENDING, 0),
        attendance_rate=round(100 * attended / (seated * len(held))) if seated and held else None,
        completion_rate=round(100 * completed / decided) if decided else None,
        by_unit=_participation_by_unit(course),
        sessions=sessions,
    )


def _participation_by_unit(course) -> list[UnitParticipation]:
    participants = list(
        Registration.objects.filter(course=course, status__in=Registration.SEATED)
        .order_by()
        .values("person__unit_id", "person__unit__name")
        .annotate(n=Count("pk"))
    )
    unit_ids = [row["person__unit_id"] for row in participants if row["person__unit_id"]]
    headcounts = dict(
        get_user_model()
        .objects.filter(unit_id__in=unit_ids, is_active=True)
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    rows = [
        UnitParticipation(
            unit=row["person__unit__name"] or "",
            participants=row["n"],
            headcount=headcounts.get(row["person__unit_id"], 0) if row["person__unit_id"] else None,
        )
        for row in participants
    ]
    rows.sort(key=lambda row: (-row.participants, vietnamese.name_sort_key(row.unit)))
    return rows


def export_table(course, registrations) -> tuple[list, list[list]]:
    """Headers and rows of the registrations export (Vietnamese headers, one column per
    session, then one per extra registration question in the course's order), people in
    Vietnamese name order. Moments are left as datetimes (the workbook writes them as date
    cells in local time; the CSV as dd/mm/yyyy hh:mm). `registrations` carry `ahead`
    (`with_positions`) and their person and unit. Three queries, however many people."""
    sessions = list(course.sessions.all())
    questions = list(course.questions.all())
    marks = {
        (registration_id, session_id): status
        for registration_id, session_id, status in Attendance.objects.filter(
            session__course=course
        ).values_list("registration_id", "session_id", "status")
    }
    labels = dict(Attendance.Status.choices)
    registrations = sorted(
        registrations, key=lambda r: vietnamese.name_sort_key(r.person.full_name)
    )
    headers = [
        _("No."),
        _("Full name"),
        _("Unit"),
        _("Position"),
        _("Email"),
        _("Status"),
        _("Waiting-list position"),
        _("Registered by"),
        _("Registered at"),
        _("Decided at"),
        _("Cancelled at"),
        _("Reason (refusal or cancellation)"),
    ]
    headers += [
        _("Session %(n)s (%(date)s)") % {"n": i, "date": s.date.strftime("%d/%m/%Y")}
        for i, s in enumerate(sessions, 1)
    ]
    headers += [_("Sessions attended"), _("Final test score"), _("Completion")]
    headers += [question.text for question in questions]
    completion = {Status.COMPLETED: _("Completed"), Status.NOT_COMPLETED: _("Not completed")}
    rows = []
    for index, r in enumerate(registrations, 1):
        codes = [marks.get((r.pk, s.pk)) for s in sessions]
        answers = r.answers if isinstance(r.answers, dict) else {}
        rows.append(
            [
                index,
                r.person.full_name,
                r.person.unit.name if r.person.unit_id else "",
                r.person.position,
                r.person.email,
                r.get_status_display(),
                r.ahead + 1 if r.status == Status.WAITLISTED else "",
                r.get_source_display(),
                r.created_at,
                r.decided_at,
                r.cancelled_at,
                r.reason,
                *[str(labels[code]) if code else "" for code in codes],
                sum(code in Attendance.ATTENDED for code in codes),
                r.final_test_score if r.final_test_score is not None else "",
                completion.get(r.status, ""),
                *[_answer(answers, question) for question in questions],
            ]
        )
    return headers, rows


def _answer(answers, question) -> str:
    """The person's answer to `question`, stored (by `clean_answers`) under its id as text."""
    value = answers.get(str(question.pk))
    if isinstance(value, dict):
        value = value.get("answer")
    return str(value or "")


# ----------------------------------------------------------------------------------------------
# Unit coordinators: withdrawing and ordering their nominations
# ----------------------------------------------------------------------------------------------

#: Nominations a coordinator may still put in order: not yet given a seat.
REORDERABLE = (Status.PENDING, Status.WAITLISTED)


def _unit_nominations(coordinator):
    """Nominations of people confirmed in one of the coordinator's units (whoever nominated)."""
    members = get_user_model().objects.confirmed_members(coordinator.coordinated_units.all())
    return Registration.objects.filter(
        source=Registration.Source.NOMINATION, person__in=members.values("pk")
    )


def coordinated_nomination(coordinator, registration_id) -> Registration | None:
    """The nomination with this id if the coordinator may act on it, else None (the same for an
    id of another unit and an id that matches nothing)."""
    pk = parse_id(registration_id)
    if pk is None:
        return None
    return _unit_nominations(coordinator).select_related("person", "course").filter(pk=pk).first()


def unit_nominees(coordinator, course) -> dict:
    """The unit's nominees for `course` not yet seated, in queue order, by status."""
    rows = (
        _unit_nominations(coordinator)
        .filter(course=course, status__in=REORDERABLE)
        .select_related("person", "created_by")
        .order_by("queued_at", "pk")
    )
    grouped = {status: [] for status in REORDERABLE}
    for registration in rows:
        grouped[registration.status].append(registration)
    return grouped


def withdraw_nomination(coordinator, registration_id, *, reason="", now=None) -> Registration:
    """The unit coordinator takes back a nomination the organizers have not decided yet. Once
    approved (or seated straight away, for a course without approval) only the organizers or the
    person can cancel it."""
    now = now or timezone.now()
    registration = coordinated_nomination(coordinator, registration_id)
    if registration is None:
        raise RegistrationError("not_your_nomination")
    with transaction.atomic():
        _lock_course(registration.course_id)
        registration = Registration.objects.select_related("person").get(pk=registration.pk)
        if registration.status != Status.PENDING:
            raise RegistrationError(
                "withdraw_decided",
                name=registration.person.full_name,
                status=registration.get_status_display(),
            )
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.reason = (reason or "").strip()[:1000]
        registration.decided_by = coordinator
        registration.decided_at = now
        registration.save()
        log(
            registration,
            "courses.withdraw_nomination",
            user=coordinator,
            data={"reason": registration.reason},
        )
        _notify("withdrawn", registration.pk)
    return registration


def move_nomination(coordinator, registration_id, direction, *, now=None) -> bool:
    """Move one of the unit's nominees a place up or down among the unit's nominees for the
    same course and status (awaiting approval, or on the waiting list), by exchanging their
    places in the queue: the organizers approve, and free seats go, in queue order, and nobody
    of another unit changes place. Returns False when there is no place to move to."""
    if direction not in ("up", "down"):
        raise RegistrationError("reorder_invalid")
    registration = coordinated_nomination(coordinator, registration_id)
    if registration is None:
        raise RegistrationError("not_your_nomination")
    with transaction.atomic():
        _lock_course(registration.course_id)
        registration = Registration.objects.select_related("person").get(pk=registration.pk)
        if registration.status not in REORDERABLE:
            raise RegistrationError("reorder_decided", name=registration.person.full_name)
        siblings = list(
            _unit_nominations(coordinator)
            .filter(course_id=registration.course_id, status=registration.status)
            .order_by("queued_at", "pk")
        )
        index = next(i for i, r in enumerate(siblings) if r.pk == registration.pk)
        other_index = index - 1 if direction == "up" else index + 1
        if not 0 <= other_index < len(siblings):
            return False
        other = siblings[other_index]
        mine, theirs = registration.queued_at, other.queued_at
        if mine == theirs:
            # Same moment (ordered by id): one microsecond apart is enough to swap them.
            step = datetime.timedelta(microseconds=1)
            mine, theirs = (theirs - step, mine) if direction == "up" else (theirs + step, mine)
        else:
            mine, theirs = theirs, mine
        Registration.objects.filter(pk=registration.pk).update(queued_at=mine)
        Registration.objects.filter(pk=other.pk).update(queued_at=theirs)
        log(
            registration,
            "courses.reorder_nomination",
            user=coordinator,
            data={"direction": direction, "swapped_with": other.pk},
        )
    return True
