"""The question bank: appraisal by a second organizer, return to draft after an edit, retiring."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..errors import ContestError
from ..models import Question, kind_problem


@transaction.atomic
def appraise_question(question, user, now=None):
    now = now or timezone.now()
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status != Question.Status.DRAFT:
        raise ContestError("not_draft")
    if question.author_id and question.author_id == user.pk:
        raise ContestError("appraiser_is_author")
    choices = list(question.choices.all())
    if len(choices) < 2 or not any(choice.is_correct for choice in choices):
        raise ContestError("question_invalid")
    problem = kind_problem(question.kind, [choice.is_correct for choice in choices])
    if problem:
        raise ContestError(problem)
    question.status = Question.Status.APPRAISED
    question.appraised_by = user
    question.appraised_at = now
    question.save(update_fields=["status", "appraised_by", "appraised_at", "updated_at"])
    log(question, "contests.appraise", user=user)
    return question


@transaction.atomic
def reopen_question(question, user=None):
    """An appraised question whose text, kind or choices were edited goes back to draft: its
    answers must be appraised again before it can be drawn."""
    updated = Question.objects.filter(pk=question.pk, status=Question.Status.APPRAISED).update(
        status=Question.Status.DRAFT, appraised_by=None, appraised_at=None
    )
    if updated:
        question.status = Question.Status.DRAFT
        question.appraised_by = None
        question.appraised_at = None
        log(question, "contests.reopen", user=user)
    return question


@transaction.atomic
def retire_question(question, user):
    Question.objects.filter(pk=question.pk).update(status=Question.Status.RETIRED)
    question.status = Question.Status.RETIRED
    log(question, "contests.retire", user=user)
    return question


def set_question_author(question, user):
    """A question created in the admin belongs to whoever created it (the appraiser must be
    someone else); one already attributed keeps its author."""
    if question.author_id is None:
        Question.objects.filter(pk=question.pk, author__isnull=True).update(author=user)
        question.author = user
    return question


# ----------------------------------------------------------------------------------------------
# Several questions at once (the bank listing's bulk actions)
# ----------------------------------------------------------------------------------------------


def appraise_questions(questions, user, now=None):
    """Appraise each question through `appraise_question`, so the four-eyes rule and the kind
    checks hold one by one: returns (appraised, [(question, reason), …] of those skipped)."""
    now = now or timezone.now()
    done, skipped = [], []
    for question in questions:
        try:
            done.append(appraise_question(question, user, now=now))
        except ContestError as error:
            skipped.append((question, error.message))
    return done, skipped


def appraisal_problem(question, user):
    """Why `user` could not appraise `question` now (the text), or None: what the bulk action's
    confirmation lists before anything is done. The service checks again when it runs."""
    if question.status != Question.Status.DRAFT:
        return ContestError("not_draft").message
    if question.author_id and question.author_id == user.pk:
        return ContestError("appraiser_is_author").message
    return None


def retire_questions(questions, user):
    """Retire each question not yet retired; returns those retired."""
    done = []
    for question in questions:
        if question.status != Question.Status.RETIRED:
            done.append(retire_question(question, user))
    return done


#: The fields the bank listing may set on several questions at once; neither is part of what
#: appraisal vouches for (text, kind, choices), so an appraised question stays appraised.
BULK_FIELDS = ("area", "difficulty")


@transaction.atomic
def set_questions_field(questions, field, value, user):
    """Set the area or the difficulty of several questions, each change in its history with the
    previous value; returns the questions changed (those that already had it are left alone)."""
    if field not in BULK_FIELDS:
        raise ValueError(field)
    choices = dict(Question._meta.get_field(field).choices)
    if value not in choices:
        raise ValueError(value)
    changed = [question for question in questions if getattr(question, field) != value]
    Question.objects.filter(pk__in=[question.pk for question in changed]).update(
        **{field: value, "updated_at": timezone.now()}
    )
    for question in changed:
        previous = getattr(question, field)
        setattr(question, field, value)
        log(
            question,
            f"contests.set_{field}",
            user=user,
            data={"previous": previous, "value": value},
        )
    return changed
