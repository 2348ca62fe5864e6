"""Questions' part of a person's data (registered in wagtail_hooks.py), by account or by email.

A question belongs to a person when it was sent from their account or with one of its email
addresses. Deleting the account (or a reader's request by email, `manage.py qa_reader_data`)
deletes every question never published; a published one stays on the site (it answers others
too) under "Reader", without name, email, phone or unit.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import PersonalDataSection, field_label, relabel_log_entries
from common.signals import public_content_changed

from .models import Question

LABELS = {
    "questions": Question._meta.verbose_name_plural,
    "reference": field_label(Question, "reference"),
    "kind": field_label(Question, "kind"),
    "topic": field_label(Question, "area"),
    "subject": field_label(Question, "title"),
    "text": field_label(Question, "body"),
    "name": field_label(Question, "name"),
    "email": field_label(Question, "email"),
    "phone": field_label(Question, "phone"),
    "unit": field_label(Question, "unit"),
    "shown_as": field_label(Question, "show_as"),
    "consented_at": field_label(Question, "consented_at"),
    "submitted_at": field_label(Question, "submitted_at"),
    "status": field_label(Question, "status"),
    "answer": field_label(Question, "answer"),
    "answered_at": field_label(Question, "answered_at"),
    "published_at": field_label(Question, "published_at"),
}


def _emails(user) -> list[str]:
    emails = {user.email.lower()} if user.email else set()
    emails.update(
        address.lower() for address in user.emailaddress_set.values_list("email", flat=True)
    )
    return sorted(emails)


def _by_emails(emails):
    query = Q(pk__in=[])
    for email in emails:
        if email:
            query |= Q(email__iexact=email.strip())
    return query


def questions_of(user):
    return Question.objects.filter(Q(user=user) | _by_emails(_emails(user)))


def questions_with_email(email):
    return Question.objects.filter(_by_emails([email]))


def _rows(questions):
    return [
        {
            "reference": question.reference,
            "kind": question.get_kind_display(),
            "topic": question.get_area_display(),
            "subject": question.title,
            "text": question.body,
            "name": question.name,
            "email": question.email,
            "phone": question.phone,
            "unit": question.unit,
            "shown_as": question.get_show_as_display(),
            "consented_at": question.consented_at,
            "submitted_at": question.submitted_at,
            "status": question.get_status_display(),
            "answer": question.answer,
            "answered_at": question.answered_at,
            "published_at": question.published_at,
        }
        for question in questions.order_by("submitted_at", "pk")
    ]


def export(user) -> dict:
    return {"questions": _rows(questions_of(user))}


def export_email(email) -> dict:
    return {"questions": _rows(questions_with_email(email))}


def _erase(questions) -> int:
    ids = list(questions.values_list("pk", flat=True))
    if not ids:
        return 0
    kept = Question.objects.filter(pk__in=ids, status=Question.Status.PUBLISHED).update(
        name="", email="", phone="", unit="", user=None, show_as=Question.ShowAs.ANONYMOUS
    )
    if kept:
        # The published page showed the name: cached copies must go.
        transaction.on_commit(lambda: public_content_changed.send(sender=Question))
    relabel_log_entries(Question.objects.filter(pk__in=ids))
    Question.objects.filter(pk__in=ids).exclude(status=Question.Status.PUBLISHED).delete()
    return len(ids)


def erase(user, now) -> None:
    _erase(questions_of(user))


def erase_email(email) -> int:
    return _erase(questions_with_email(email))


SECTION = PersonalDataSection(
    name="qa",
    label=_("Questions and feedback"),
    export=export,
    erase=erase,
    labels=LABELS,
    on_deletion=_(
        "Questions and feedback: those never published are deleted; published ones stay on the "
        "site under “Reader”, without your name, email, phone or unit."
    ),
    order=60,
)
