"""What happens to a question: a reader sends it, an editor answers it (the reader is emailed)
and decides whether it is published. Nothing is public until an editor publishes it."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from common.signals import public_content_changed

from .errors import QaError
from .models import ANSWER_MAX_LENGTH, Question

#: Unpublished questions (and their senders' details) are deleted this long after they came in;
#: published ones lose the email, phone and unit then, and keep the name as the reader chose.
RETENTION = dt.timedelta(days=730)
SPAM_RETENTION = dt.timedelta(days=30)

#: What an editor may correct when answering; the reader's own text stays as sent.
EDITABLE_DETAILS = ("kind", "area", "title", "show_as")

PREFIXES = {Question.Kind.QUESTION: "HD", Question.Kind.FEEDBACK: "PA"}


def _announce():
    transaction.on_commit(lambda: public_content_changed.send(sender=Question))


def _email_answer(question):
    from . import tasks

    transaction.on_commit(lambda: tasks.send_answer.enqueue(question.pk))


def submit(
    *,
    kind,
    area,
    title,
    body,
    name,
    email,
    phone="",
    unit="",
    show_as,
    consent,
    token,
    user=None,
    now=None,
) -> Question:
    """Store a reader's question. The same form sent twice (a double click, a reload) gives back
    the question it already made, with the same reference."""
    if not consent:
        raise QaError("no_consent")
    now = now or timezone.now()
    existing = Question.objects.filter(submission_token=token).first()
    if existing is not None:
        return existing
    question = Question(
        kind=kind,
        area=area or "",
        title=" ".join(title.split()),
        body=body.strip(),
        name=" ".join(name.split()),
        email=email.strip(),
        phone=phone.strip(),
        unit=" ".join(unit.split()),
        show_as=show_as,
        consented_at=now,
        submitted_at=now,
        submission_token=token,
        user=user if user is not None and user.is_authenticated else None,
    )
    try:
        with transaction.atomic():
            question.save()
            question.reference = f"{PREFIXES[question.kind]}-{now.year}-{question.pk:05d}"
            question.save(update_fields=["reference"])
    except IntegrityError:
        # The same form, sent at the same moment from a second tab: the first one won.
        existing = Question.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        return existing
    return question


def _check_answer(question, answer):
    if question.status == Question.Status.SPAM:
        raise QaError("is_spam")
    if not strip_tags(answer or "").strip():
        raise QaError("answer_empty")
    if len(answer) > ANSWER_MAX_LENGTH:
        raise QaError("answer_too_long")


@transaction.atomic
def answer(question, *, text, by, publish=False, details=None, now=None) -> Question:
    """Save the answer and email it to the reader; with `publish`, also put the question and
    its answer on the site. Answering a published question again keeps it published.
    `details`: the kind, topic, subject or naming as the editor corrected them."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    _check_answer(question, text)
    now = now or timezone.now()
    for name, value in (details or {}).items():
        if name in EDITABLE_DETAILS:
            setattr(question, name, value)
    was_published = question.is_published
    question.answer = text
    question.answered_by = by
    question.answered_at = now
    if publish or was_published:
        question.status = Question.Status.PUBLISHED
        question.published_at = question.published_at or now
    else:
        question.status = Question.Status.ANSWERED
    question.save()
    _email_answer(question)
    if question.is_published:
        _announce()
    return question


@transaction.atomic
def publish(question, *, by, now=None) -> Question:
    """Publish an answered question (the reader gets the answer again, with its address)."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status == Question.Status.SPAM:
        raise QaError("is_spam")
    if not strip_tags(question.answer).strip():
        raise QaError("not_answered")
    if question.is_published:
        return question
    question.status = Question.Status.PUBLISHED
    question.published_at = now or timezone.now()
    question.save()
    _email_answer(question)
    _announce()
    return question


@transaction.atomic
def withhold(question, *, by, now=None) -> Question:
    """Don't publish (or take off the site): the question stays answered or unanswered in the
    admin, and leaves the public list."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    was_published = question.is_published
    question.status = Question.Status.NOT_PUBLISHED
    question.published_at = None
    question.save()
    if was_published:
        _announce()
    return question


@transaction.atomic
def mark_spam(question, *, by, now=None) -> Question:
    question = Question.objects.select_for_update().get(pk=question.pk)
    was_published = question.is_published
    question.status = Question.Status.SPAM
    question.published_at = None
    question.save()
    if was_published:
        _announce()
    return question


def purge_expired(now=None) -> dict:
    """Keep people's details no longer than the form promises (see RETENTION)."""
    now = now or timezone.now()
    spam = Question.objects.filter(
        status=Question.Status.SPAM, submitted_at__lt=now - SPAM_RETENTION
    ).delete()[0]
    old = Question.objects.filter(submitted_at__lt=now - RETENTION)
    unpublished = old.exclude(status=Question.Status.PUBLISHED).delete()[0]
    contacts = (
        old.filter(status=Question.Status.PUBLISHED)
        .exclude(email="", phone="", unit="")
        .update(email="", phone="", unit="", user=None)
    )
    return {"spam": spam, "unpublished": unpublished, "contacts": contacts}
