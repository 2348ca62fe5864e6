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
