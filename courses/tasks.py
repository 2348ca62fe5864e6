"""Emails about registrations, sent after the transaction that changed them has committed."""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .calendar import build_calendar

#: Kinds of message; those in WITH_CALENDAR carry the course's sessions as an .ics attachment.
KINDS = (
    "confirmed",
    "waitlisted",
    "pending",
    "promoted",
    "approved",
    "rejected",
    "cancelled",
    "cancelled_by_organizer",
    "withdrawn",
    "course_cancelled",
    "reminder",
    "completed",
    "offered",
    "offer_expired",
)
WITH_CALENDAR = {"confirmed", "promoted", "approved", "reminder"}


def build_message(registration, kind) -> EmailMultiAlternatives:
    from .services import waiting_position

    course = registration.course
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "registration": registration,
        "person": registration.person,
        "course": course,
        "sessions": list(course.sessions.all()),
        "position": waiting_position(registration),
        "course_url": base_url + course.get_absolute_url(),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "agency": settings.AGENCY_NAME,
        "learning_url": base_url + reverse("accounts:learning_record"),
    }
    subject = render_to_string(f"courses/email/{kind}_subject.txt", context).strip()
    body = render_to_string(f"courses/email/{kind}.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=body, to=[registration.person.email]
    )
    if kind in WITH_CALENDAR and context["sessions"]:
        for session in context["sessions"]:
            session.course = course
        ics = build_calendar(context["sessions"], name=course.title, base_url=base_url)
        message.attach(f"{course.slug}.ics", ics, "text/calendar")
    elif kind == "course_cancelled" and context["sessions"]:
        # Removes the sessions people imported from their confirmation.
        from .calendar import sequence_now

        for session in context["sessions"]:
            session.course = course
        ics = build_calendar(
            context["sessions"],
            name=course.title,
            base_url=base_url,
            method="CANCEL",
            sequence=sequence_now(),
        )
        message.attach(f"{course.slug}.ics", ics, "text/calendar; method=CANCEL")
    return message


@task()
def send_registration_email(registration_id, kind, extra=None):
    from .models import Registration

    registration = (
        Registration.objects.select_related("person__unit", "course", "created_by", "decided_by")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or kind not in KINDS or not registration.person.is_active:
        return
    with translation.override("vi"):
        build_message(registration, kind).send()


@task()
def pass_on_expired_offers():
    """Offers not accepted in time pass to the next person waiting (idempotent)."""
    from .services import expire_offers

    return expire_offers()


@task()
def send_reminders():
    """Remind everyone confirmed the day before their course's first session (idempotent:
    each registration is claimed once through reminder_sent_at before its email goes out)."""
    from .services import claim_reminder, due_reminders

    now = timezone.now()
    sent = 0
    for registration_id in due_reminders(now).values_list("pk", flat=True):
        if claim_reminder(registration_id, now):
            send_registration_email.call(registration_id, "reminder")
            sent += 1
    return sent


def _calendar_context(course):
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return {
        "course": course,
        "course_url": base_url + course.get_absolute_url(),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "agency": settings.AGENCY_NAME,
    }, base_url


@task()
def send_session_changed(session_id):
    """Everyone with a seat gets the session's new time and place, with an updating .ics."""
    from .calendar import sequence_now
    from .models import Registration, Session

    session = Session.objects.select_related("course").filter(pk=session_id).first()
    if session is None:
        return 0
    course = session.course
    people = [
        registration.person
        for registration in Registration.objects.filter(
            course=course, status=Registration.Status.CONFIRMED, person__is_active=True
        ).select_related("person")
    ]
    context, base_url = _calendar_context(course)
    ics = build_calendar(
        [session], name=course.title, base_url=base_url, method="REQUEST", sequence=sequence_now()
    )
    with translation.override("vi"):
        for person in people:
            message_context = {**context, "person": person, "session": session}
            subject = render_to_string(
                "courses/email/session_changed_subject.txt", message_context
            ).strip()
            body = render_to_string("courses/email/session_changed.txt", message_context)
            message = EmailMultiAlternatives(
                subject=" ".join(subject.split()), body=body, to=[person.email]
            )
            message.attach(f"{course.slug}.ics", ics, "text/calendar; method=REQUEST")
            message.send()
    return len(people)


@task()
def send_session_cancelled(snapshot):
    """The session is gone: everyone who had a seat gets a cancelling .ics."""
    from django.contrib.auth import get_user_model

    from .calendar import build_cancellation, sequence_now
    from .models import Course

    course = Course.objects.filter(pk=snapshot["course_id"]).first()
    people = get_user_model().objects.filter(pk__in=snapshot["person_ids"], is_active=True)
    ics = build_cancellation(snapshot, sequence=sequence_now())
    # The course may be gone too (deleted with its sessions): the email then names the site only.
    if course is not None:
        context, _base_url = _calendar_context(course)
    else:
        context = {"site_name": settings.WAGTAIL_SITE_NAME, "agency": settings.AGENCY_NAME}
    sent = 0
    with translation.override("vi"):
        for person in people:
            message_context = {
                **context,
                "course": course,
                "person": person,
                "snapshot": snapshot,
                "start": timezone.localtime(dt.datetime.fromisoformat(snapshot["start"])),
                "end": timezone.localtime(dt.datetime.fromisoformat(snapshot["end"])),
            }
            subject = render_to_string(
                "courses/email/session_cancelled_subject.txt", message_context
            ).strip()
            body = render_to_string("courses/email/session_cancelled.txt", message_context)
            message = EmailMultiAlternatives(
                subject=" ".join(subject.split()), body=body, to=[person.email]
            )
            message.attach("huy-buoi-hoc.ics", ics, "text/calendar; method=CANCEL")
            message.send()
            sent += 1
    return sent
