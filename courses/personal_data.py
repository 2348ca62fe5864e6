"""The courses app's part of a person's data (registered in wagtail_hooks.py).

Deleting an account cancels the person's active registrations through `services.cancel`, so the
freed seat goes to the next person on the waiting list, and withdraws pending nominations the
same way. Completed and not-completed registrations stay, with their attendance, as training
records (statistics by unit and the source of certificates); the answers to a course's extra
questions are erased from every registration. Attendance rows hold no name of their own: they
point at the registration, whose person is the emptied account.
"""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import (
    PersonalDataSection,
    erased_name,
    field_label,
    relabel_log_entries,
)

from . import services
from .models import Attendance, Registration, RegistrationQuestion

LABELS = {
    "registrations": Registration._meta.verbose_name_plural,
    "course": field_label(Registration, "course"),
    "status": field_label(Registration, "status"),
    "source": field_label(Registration, "source"),
    "registered_at": field_label(Registration, "created_at"),
    "answers": field_label(Registration, "answers"),
    "question": field_label(RegistrationQuestion, "text"),
    "answer": _("answer"),
    "final_test_score": field_label(Registration, "final_test_score"),
    "completed_at": field_label(Registration, "completed_at"),
    "cancelled_at": field_label(Registration, "cancelled_at"),
    "reason": field_label(Registration, "reason"),
    "attendance": Attendance._meta.verbose_name_plural,
    "session": field_label(Attendance, "session"),
    "attended": field_label(Attendance, "status"),
    "method": field_label(Attendance, "method"),
    "recorded_at": field_label(Attendance, "recorded_at"),
}


def export(user) -> dict:
    registrations = Registration.objects.filter(person=user).select_related("course")
    attendance = (
        Attendance.objects.filter(registration__person=user)
        .select_related("session__course")
        .order_by("session__date", "session__starts_at", "pk")
    )
    return {
        "registrations": [
            {
                "course": r.course.title,
                "status": r.get_status_display(),
                "source": r.get_source_display(),
                "registered_at": r.created_at,
                "answers": [
                    {"question": item.get("question", ""), "answer": item.get("answer", "")}
                    for item in (r.answers or {}).values()
                    if isinstance(item, dict)
                ],
                "final_test_score": r.final_test_score,
                "completed_at": r.completed_at,
                "cancelled_at": r.cancelled_at,
                "reason": r.reason,
            }
            for r in registrations.order_by("created_at", "pk")
        ],
        "attendance": [
            {
                "session": str(a.session),
                "attended": a.get_status_display(),
                "method": a.get_method_display(),
                "recorded_at": a.recorded_at,
            }
            for a in attendance
        ],
    }


def erase(user, now) -> None:
    # An open offer too: its seat passes on at once rather than when the offer lapses.
    active = Registration.objects.filter(person=user, status__in=services.CANCELLABLE).order_by(
        "pk"
    )
    for registration in active:
        # Pending nominations are withdrawn the same way: the seat or the queue place is freed.
        services.cancel(registration, now=now, account_deleted=True)
    registrations = Registration.objects.filter(person=user).select_related("course")
    registrations.update(answers={})
    name = erased_name()
    relabel_log_entries(registrations, label=lambda r: f"{name} – {r.course}")
    relabel_log_entries(
        Attendance.objects.filter(registration__person=user).select_related("session__course"),
        label=lambda a: f"{name} – {a.session}",
    )


SECTION = PersonalDataSection(
    name="courses",
    label=_("Courses"),
    export=export,
    erase=erase,
    labels=LABELS,
    on_deletion=_(
        "Courses: registrations not yet finished and pending nominations are cancelled, so the "
        "next person on the waiting list gets the seat; answers to registration questions are "
        "erased. Completed training records and attendance stay, without your name."
    ),
    order=20,
)
