"""Who an organizer may email about a course ("Gửi thư cho học viên"): the people registered,
by the status of their registration. Declared to common/messaging.py through the
`register_mailing_audience` hook (wagtail_hooks.py)."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.messaging import Audience

from .models import Course, Registration

Status = Registration.Status

#: filter → (label, the statuses it chooses)
FILTERS = {
    "active": (gettext_lazy("Everyone still taking part"), Registration.ACTIVE),
    "confirmed": (gettext_lazy("Confirmed"), (Status.CONFIRMED,)),
    "waitlisted": (gettext_lazy("On the waiting list"), (Status.WAITLISTED,)),
    "pending": (gettext_lazy("Pending approval"), (Status.PENDING,)),
    "offered": (gettext_lazy("Seat offered"), (Status.OFFERED,)),
    "completed": (gettext_lazy("Completed"), (Status.COMPLETED,)),
    "not_completed": (gettext_lazy("Not completed"), (Status.NOT_COMPLETED,)),
}


def filters(course):
    return [(value, label) for value, (label, _statuses) in FILTERS.items()]


def recipients(course, value):
    """The ids of the people the filter chooses, in the order they signed up."""
    statuses = FILTERS[value][1]
    return (
        Registration.objects.filter(course=course, status__in=statuses)
        .order_by("queued_at", "pk")
        .values_list("person_id", flat=True)
    )


def values(course):
    return {"khoa_hoc": course.title}


def reason(course):
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return _("You receive this email because you registered for “%(course)s”: %(url)s") % {
        "course": course.title,
        "url": base_url + course.get_absolute_url(),
    }


def load(pk):
    return Course.objects.filter(pk=pk).first()


AUDIENCE = Audience(
    name="courses.course",
    filters=filters,
    recipients=recipients,
    values=values,
    placeholders={"khoa_hoc": gettext_lazy("the course's title")},
    reason=reason,
    load=load,
    label=lambda course: course.title,
)
