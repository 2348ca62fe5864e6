"""Emails about registrations, sent after the transaction that changed them has committed."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
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
    "course_cancelled",
    "reminder",
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
    return message


@task()
def send_registration_email(registration_id, kind, extra=None):
    from .models import Registration

    registration = (
        Registration.objects.select_related("person", "course").filter(pk=registration_id).first()
    )
    if registration is None or kind not in KINDS or not registration.person.is_active:
        return
    with translation.override("vi"):
        build_message(registration, kind).send()


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
