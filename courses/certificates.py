"""The certificates a course owes: a certificate of completion for every confirmed completion.

This is the course's side of the certificates app's sources registry (docs/certificates.md,
"Sources"): what is printed (the course, its dates, a grade from the final test), issuing for
one registration or a whole course, and the automatic issuing when a completion is confirmed.
The receiver below is connected when this module is imported, which the app's `ready()` does at
startup.
"""

from django.db import transaction
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from certificates import services as certificate_services
from certificates.errors import CertificateError
from certificates.sources import CertificateSource
from certificates.tasks import issue_from_source_task

from .models import Course, Registration
from .signals import completion_confirmed

#: Stored in Certificate.source_kind (with the course's id): never change it.
KIND = "course"
GROUP = "course"


class CourseCertificateError(CertificateError):
    messages = {
        **CertificateError.messages,
        "not_completed": _("The registration is not a confirmed completion."),
    }


def period(course):
    """The course's dates as printed ("từ ngày 02/03/2026 đến ngày 06/03/2026")."""
    first, last = course.first_day, course.last_day
    vn_date = certificate_services.vn_date
    if first and last and first != last:
        return f"từ ngày {vn_date(first)} đến ngày {vn_date(last)}"
    if first:
        return f"ngày {vn_date(first)}"
    return ""


def grade_for_score(score):
    # Circular 03/2023 style grading on a 10-point scale.
    with translation.override("vi"):
        if score >= 9:
            return str(_("Excellent"))
        if score >= 7:
            return str(_("Good"))
        if score >= 5:
            return str(_("Pass"))
        return ""


def achievement(registration):
    course = registration.course
    score = registration.final_test_score
    return certificate_services.Achievement(
        source_kind=KIND,
        source_id=course.pk,
        group_key=SOURCE.group_key(course.pk),
        achievement=course.title,
        period=period(course),
        grade=grade_for_score(score) if score is not None else "",
    )


def issue_for_registration(registration, *, template=None, issued_by=None, now=None):
    """The certificate of a completed registration, from `template` or the course's own."""
    if registration.status != Registration.Status.COMPLETED:
        raise CourseCertificateError("not_completed")
    template = template or registration.course.certificate_template
    if template is None:
        raise CertificateError("no_template")
    return certificate_services.issue(
        template=template,
        holder=registration.person,
        what=achievement(registration),
        issued_by=issued_by,
        now=now,
    )


def issue_for_course(course, *, issued_by=None, now=None):
    """Issue to every completed registration of a course that has no certificate yet."""
    if course.certificate_template is None:
        raise CertificateError("no_template")
    registrations = course.registrations.filter(
        status=Registration.Status.COMPLETED
    ).select_related("person", "person__unit", "course")
    return certificate_services.issue_each(
        registrations,
        lambda registration: issue_for_registration(registration, issued_by=issued_by, now=now),
    )


# ------------------------------------------------------------------------------------------
# The source, for the certificates app's screens and tasks
# ------------------------------------------------------------------------------------------


def _group_labels(course_ids):
    courses = Course.objects.filter(pk__in=course_ids).only("pk", "title")
    return {course.pk: _("Course: %(title)s") % {"title": course.title} for course in courses}


def _batch_choices():
    courses = Course.objects.filter(certificate_template__isnull=False).order_by("-pk")[:200]
    return [(course.pk, course.title) for course in courses.only("pk", "title")]


def _issue_batch(course_id, *, issued_by=None):
    course = Course.objects.filter(pk=course_id, certificate_template__isnull=False).first()
    if course is None:
        raise CertificateError("no_template")
    return issue_for_course(course, issued_by=issued_by)


def _issue_automatically(registration_id):
    registration = (
        Registration.objects.select_related("course", "person", "person__unit")
        .filter(pk=registration_id)
        .first()
    )
    if registration is not None:
        issue_for_registration(registration)


SOURCE = CertificateSource(
    kind=KIND,
    label=_("Course completion"),
    group=GROUP,
    group_labels=_group_labels,
    batch_label=_("Courses (completed registrations)"),
    batch_choices=_batch_choices,
    issue_batch=_issue_batch,
    issue_automatically=_issue_automatically,
    order=10,
)


@receiver(completion_confirmed, dispatch_uid="courses.certificates.issue_on_completion")
def issue_on_completion(sender, registration, **kwargs):
    """Sent after commit; the issuing runs in a task so the organizer's request does not wait
    for numbering and rendering. Only courses with a certificate template issue."""
    if registration.course.certificate_template_id is None:
        return
    transaction.on_commit(lambda: issue_from_source_task.enqueue(KIND, registration.pk))
