"""Every state change of contests: entries, attempts (start, save, submit, time out), results,
prizes, publication, voiding and question appraisal.

Concurrency without a global lock: an attempt's status moves from "open" exactly once through a
conditional UPDATE, so a double submit (two tabs, a retry, the periodic closer) grades once; a
partial unique index allows one open attempt per entry; answers are upserts keyed by
(attempt, question), written under the attempt's row lock that submit() also takes, so none is
stored after grading. Results are ranked by the database (window functions) in one statement.
"""

import math
import random
import re
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Avg, BooleanField, Case, Count, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from common import vietnamese
from common.parsing import parse_id

from .models import (
    KIND_MESSAGES,
    Answer,
    Attempt,
    Audience,
    Choice,
    Contest,
    EntrantGroup,
    Entry,
    Prize,
    PrizeQuota,
    Question,
    Round,
    TeamPrize,
    kind_problem,
)
from .signals import results_published

MAX_PREDICTION = 10_000_000

MESSAGES = {
    "committee": _("Members of the organizing committee may not enter this contest."),
    "already_entered": _("You have already entered this contest."),
    "duplicate_cccd": _("An entry with this CCCD number already exists in this contest."),
    "cccd_format": _("The CCCD number must have exactly 12 digits."),
    "cccd_century": _("The CCCD number is not valid (its fourth digit must be 0 to 3)."),
    "cccd_birth_year": _("The CCCD number does not match the year of birth."),
    "cccd_required": _("Enter your CCCD number."),
    "dob_required": _("Enter your date of birth."),
    "phone_required": _("Enter a Vietnamese phone number (10 digits starting with 0)."),
    "consent_required": _("You must agree to the processing of your personal data to enter."),
    "unit_required": _("Choose your work unit from the list."),
    "unit_not_eligible": _("Civil servants of your unit may not enter this group."),
    "too_young": _("Entrants in this group must be at least %(age)s years old."),
    "dob_required_public": _(
        "Citizens entering this group must give their date of birth: entrants must be at least "
        "%(age)s years old."
    ),
    "group_other_contest": _("This entrant group belongs to another contest."),
    "not_entered": _("Enter the contest before taking a round."),
    "voided": _("Your entry has been voided; you cannot take part."),
    "not_open_yet": _("This round has not opened yet."),
    "closed": _("This round is closed."),
    "other_attempt_open": _("Finish your attempt in the other round first."),
    "no_attempts_left": _("You have used all the attempts this round allows."),
    "not_participant": _("This test is only for participants of the course."),
    "bank_too_small": _(
        "The question bank does not have enough appraised questions for this round; "
        "tell the organizers."
    ),
    "not_found": _("This attempt does not exist or is not yours."),
    "attempt_closed": _("This attempt has already been submitted."),
    "deadline": _("Time is up: answers after the deadline are not accepted."),
    "question_not_in_attempt": _("This question is not part of your attempt."),
    "choice_not_in_question": _("This choice does not belong to the question."),
    "one_choice_only": _("Choose only one answer for this question."),
    "prediction_invalid": _("The prediction must be a whole number, zero or more."),
    "prediction_not_whole": _(
        "The prediction must be a whole number without a decimal part (for example 125, not 12.5)."
    ),
    "answer_invalid": _("Your answer could not be read; reload the page and choose again."),
    "round_not_closed": _("Results can be computed only after the round closes."),
    "not_computed": _("Compute the results before publishing them."),
    "already_published": _("The results of this round are already published."),
    "reason_required": _("Give a reason for voiding the entry."),
    "already_voided": _("This entry is already voided."),
    "appraiser_is_author": _("A question must be appraised by someone other than its author."),
    "not_draft": _("Only draft questions can be appraised."),
    "question_invalid": _("The question needs at least two choices and a correct answer."),
    "group_has_entries": _(
        "The entrant group “%(group)s” cannot be deleted: it already has entries (%(count)s)."
        " Keep the group; rename it if needed."
    ),
    **KIND_MESSAGES,
}


class ContestError(Exception):
    """A refusal with a message for the person; `code` names it in MESSAGES."""

    def __init__(self, code, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self):
        text = MESSAGES[self.code]
        return text % self.params if self.params else text

    def __str__(self):
        return str(self.message)


# ----------------------------------------------------------------------------------------------
# Question bank
# ----------------------------------------------------------------------------------------------


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


# ----------------------------------------------------------------------------------------------
# Entries
# ----------------------------------------------------------------------------------------------


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def public_age_problem(group, date_of_birth, now=None):
    """For a citizens' group, "dob_required_public" or "too_young" (a key of MESSAGES, taking
    the group's minimum age), or None. Civil servants' groups are not checked here."""
    if group.audience != Audience.PUBLIC:
        return None
    if not date_of_birth:
        return "dob_required_public"
    if _age_on(date_of_birth, timezone.localdate(now or timezone.now())) < group.min_age:
        return "too_young"
    return None


def create_entry(
    contest,
    person,
    *,
    group,
    unit=None,
    full_name="",
    date_of_birth=None,
    cccd="",
    phone="",
    consent=False,
    now=None,
):
    now = now or timezone.now()
    cccd = vietnamese.normalize_cccd(cccd)
    if group.contest_id != contest.pk:
        raise ContestError("group_other_contest")
    if contest.committee.filter(pk=person.pk).exists():
        raise ContestError("committee")
    if not consent:
        raise ContestError("consent_required")
    if contest.require_date_of_birth and not date_of_birth:
        raise ContestError("dob_required")
    if contest.require_cccd and not cccd:
        raise ContestError("cccd_required")
    if cccd:
        problem = vietnamese.cccd_problem(cccd, date_of_birth)
        if problem:
            raise ContestError(f"cccd_{problem}")
    if phone:
        phone = vietnamese.normalize_phone(phone)
        if not phone:
            raise ContestError("phone_required")
    elif contest.require_phone:
        raise ContestError("phone_required")
    if group.audience == Audience.PUBLIC:
        unit = None
        # Citizens' groups are open to adults only (min_age, 18 by default): without a date of
        # birth the rule could not be checked, so here it is required whatever the contest says.
        problem = public_age_problem(group, date_of_birth, now)
        if problem:
            raise ContestError(problem, age=group.min_age)
    else:
        if unit is None:
            raise ContestError("unit_required")
        allowed = [listed.pk for listed in group.units.all()]
        if allowed and unit.pk not in allowed:
            raise ContestError("unit_not_eligible")
    if Entry.objects.filter(contest=contest, person=person).exists():
        raise ContestError("already_entered")
    if cccd and Entry.objects.filter(contest=contest, cccd=cccd).exists():
        raise ContestError("duplicate_cccd")
    try:
        with transaction.atomic():
            return Entry.objects.create(
                contest=contest,
                person=person,
                group=group,
                unit=unit,
                full_name=(full_name or person.full_name).strip(),
                date_of_birth=date_of_birth,
                cccd=cccd,
                phone=phone or "",
                consented_at=now,
                created_at=now,
            )
    except IntegrityError as exc:
        # Two requests at once: the unique constraints decide, and say which one.
        if Entry.objects.filter(contest=contest, person=person).exists():
            raise ContestError("already_entered") from exc
        raise ContestError("duplicate_cccd") from exc


# ----------------------------------------------------------------------------------------------
# Attempts
# ----------------------------------------------------------------------------------------------


def draw_questions(round_, audience, rng=None):
    """Pick the round's questions by its blueprint, shuffle each question's choices.

    Returns [[question_id, [choice ids in shown order], several_allowed]]. Two queries.
    """
    rng = rng or random.SystemRandom()
    blueprint = [(item.area, item.count) for item in round_.blueprint.all() if item.count]
    pool = Question.objects.filter(
        status=Question.Status.APPRAISED, audience__in=[Audience.ALL, audience]
    )
    if blueprint:
        pool = pool.filter(area__in=[area for area, _count in blueprint])
    by_area = defaultdict(list)
    kinds = {}
    for pk, area, kind in pool.values_list("pk", "area", "kind"):
        by_area[area].append(pk)
        kinds[pk] = kind
    chosen = []
    if blueprint:
        for area, count in blueprint:
            if len(by_area[area]) < count:
                raise ContestError("bank_too_small")
            chosen.extend(rng.sample(by_area[area], count))
    else:
        everything = [pk for pks in by_area.values() for pk in pks]
        if len(everything) < round_.question_count:
            raise ContestError("bank_too_small")
        chosen = rng.sample(everything, round_.question_count)
    rng.shuffle(chosen)
    choices = defaultdict(list)
    for pk, question_id in Choice.objects.filter(question_id__in=chosen).values_list(
        "pk", "question_id"
    ):
        choices[question_id].append(pk)
    draw = []
    for question_id in chosen:
        ids = choices[question_id]
        if kinds[question_id] != Question.Kind.TRUE_FALSE:
            rng.shuffle(ids)
        draw.append([question_id, ids, kinds[question_id] == Question.Kind.MULTIPLE])
    return draw


def round_question_total(round_):
    total = sum(item.count for item in round_.blueprint.all())
    return total or round_.question_count


def start_attempt(round_, person, now=None, rng=None):
    """Start an attempt, or return the person's open one in this round (a reload resumes it)."""
    now = now or timezone.now()
    entry = (
        Entry.objects.filter(contest_id=round_.contest_id, person=person)
        .select_related("group")
        .first()
    )
    if entry is None:
        raise ContestError("not_entered")
    if entry.voided_at:
        raise ContestError("voided")
    open_attempt = Attempt.objects.filter(entry=entry, status=Attempt.Status.OPEN).first()
    if open_attempt is not None:
        if open_attempt.deadline < now:
            # An overdue attempt is closed now rather than waiting for the periodic task.
            submit(open_attempt.pk, now=now)
        elif open_attempt.round_id == round_.pk:
            return open_attempt
        else:
            raise ContestError("other_attempt_open")
    if now < round_.opens_at:
        raise ContestError("not_open_yet")
    if now >= round_.closes_at:
        raise ContestError("closed")
    if round_.course_id:
        from courses.public import is_participant

        if not is_participant(person, round_.course):
            raise ContestError("not_participant")
    used = Attempt.objects.filter(round=round_, entry=entry).count()
    if used >= round_.attempts_allowed:
        raise ContestError("no_attempts_left")
    draw = draw_questions(round_, entry.group.audience, rng=rng)
    deadline = now + timedelta(minutes=round_.time_limit_minutes, seconds=round_.grace_seconds)
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                round=round_,
                entry=entry,
                number=used + 1,
                started_at=now,
                deadline=deadline,
                draw=draw,
                question_total=len(draw),
            )
    except IntegrityError:
        # Another request of the same person started one in the same instant: resume it.
        existing = Attempt.objects.filter(entry=entry, status=Attempt.Status.OPEN).first()
        if existing is not None and existing.round_id == round_.pk:
            return existing
        raise ContestError("no_attempts_left") from None


def _own_attempt(attempt_id, person):
    try:
        return Attempt.objects.select_related("round").get(pk=attempt_id, entry__person=person)
    except (Attempt.DoesNotExist, ValueError, TypeError):
        raise ContestError("not_found") from None


# Digits 0-9 only (str.isdigit() also takes "²" and other scripts' digits), optionally grouped
# by thousands with "." or a space as Vietnamese write them: "1.250", "1 250".
_PREDICTION_RE = re.compile(r"[0-9]{1,3}(?:[. ][0-9]{3})+|[0-9]{1,9}")
_DECIMAL_RE = re.compile(r"[0-9]+[.,][0-9]+")


def parse_prediction(raw):
    """A whole number from the form or JSON, 0 to MAX_PREDICTION; decimals are refused rather
    than read with their point dropped (12.5 is not 125)."""
    if isinstance(raw, bool) or raw is None:
        raise ContestError("prediction_invalid")
    if isinstance(raw, float):
        if not math.isfinite(raw) or raw < 0:
            raise ContestError("prediction_invalid")
        if not raw.is_integer():
            raise ContestError("prediction_not_whole")
        raw = int(raw)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if _PREDICTION_RE.fullmatch(text):
            value = int(text.replace(".", "").replace(" ", ""))
        elif _DECIMAL_RE.fullmatch(text):
            raise ContestError("prediction_not_whole")
        else:
            raise ContestError("prediction_invalid")
    else:
        raise ContestError("prediction_invalid")
    if value < 0 or value > MAX_PREDICTION:
        raise ContestError("prediction_invalid")
    return value


def save_answer(attempt_id, person, question_id, choice_ids, now=None, by_position=False):
    """Store the person's current choice(s) for one question; saving the same again is harmless.

    With `by_position`, choices are given as positions in the person's shuffled list (what the
    attempt page sends), so pages never carry choice ids.
    """
    with transaction.atomic():
        attempt, now = _lock_writable(attempt_id, person, now)
        question_id, choice_ids = _checked_choices(attempt, question_id, choice_ids, by_position)
        # Every writer of this attempt's answers holds its lock, so the update-or-insert cannot
        # meet a concurrent insert of the same answer.
        updated = Answer.objects.filter(attempt=attempt, question_id=question_id).update(
            choices=choice_ids, saved_at=now
        )
        if not updated:
            Answer.objects.create(
                attempt=attempt, question_id=question_id, choices=choice_ids, saved_at=now
            )
    return attempt


def _checked_choices(attempt, question_id, choice_ids, by_position):
    """(question id, sorted choice ids) of one posted answer, or the refusal."""
    # Ids come from JSON or a form: whole numbers only (no booleans, fractions, infinities or
    # other scripts' digits).
    try:
        if isinstance(choice_ids, str | bytes | dict):
            raise TypeError(choice_ids)
        parsed = [parse_id(pk) for pk in choice_ids]
    except TypeError:
        raise ContestError("answer_invalid") from None
    question_id = parse_id(question_id)
    if question_id is None or None in parsed:
        raise ContestError("answer_invalid")
    choice_ids = sorted(set(parsed))
    item = next((item for item in attempt.draw if item[0] == question_id), None)
    if item is None:
        raise ContestError("question_not_in_attempt")
    if by_position:
        if any(position < 0 or position >= len(item[1]) for position in choice_ids):
            raise ContestError("choice_not_in_question")
        choice_ids = sorted(item[1][position] for position in choice_ids)
    if not set(choice_ids) <= set(item[1]):
        raise ContestError("choice_not_in_question")
    if len(choice_ids) > 1 and not item[2]:
        raise ContestError("one_choice_only")
    return question_id, choice_ids


def _lock_writable(attempt_id, person, now=None):
    """Lock the person's attempt row for the rest of the transaction, then refuse unless it is
    still open and in time; returns the attempt and the time of the write.

    submit() closes the attempt under the same row lock, so an answer is either written before
    grading starts (and graded) or refused with "attempt_closed": never stored after the fact.
    Checking first and writing later without the lock let saves racing a submit land after
    grading. The clock is read after the lock is held, so a save that waited for a submit is
    judged by when it could write, and a saved answer is never later than the submission.
    CONTESTS_UNSAFE_SKIP_LOCK exists only so a control test can show the race the lock prevents.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Answers may only be written inside a transaction.")
    rows = Attempt.objects.filter(entry__person=person)
    if not getattr(settings, "CONTESTS_UNSAFE_SKIP_LOCK", False):
        rows = rows.select_for_update(of=("self",), no_key=True)
    try:
        attempt = rows.get(pk=attempt_id)
    except (Attempt.DoesNotExist, ValueError, TypeError):
        raise ContestError("not_found") from None
    now = now or timezone.now()
    _check_writable(attempt, now)
    return attempt, now


def save_prediction(attempt_id, person, raw, now=None):
    value = parse_prediction(raw)
    with transaction.atomic():
        attempt, _now = _lock_writable(attempt_id, person, now)
        Attempt.objects.filter(pk=attempt.pk).update(prediction=value)
    attempt.prediction = value
    return attempt


def save_form(attempt_id, person, answers=None, prediction=None, now=None):
    """What the attempt page posts with its submit button, through the same checks as the
    autosave: `answers` maps question ids to choice positions, `prediction` is the typed text.
    Answers are stored first, so a mistyped prediction does not lose them."""
    for question_id, positions in (answers or {}).items():
        save_answer(attempt_id, person, question_id, positions, now=now, by_position=True)
    if prediction is not None:
        save_prediction(attempt_id, person, prediction, now=now)


def _check_writable(attempt, now):
    if attempt.status != Attempt.Status.OPEN:
        raise ContestError("attempt_closed")
    if now > attempt.deadline:
        raise ContestError("deadline")


def submit(attempt_id, person=None, now=None):
    """Close and grade an attempt exactly once; a second call returns the graded attempt.

    The conditional UPDATE on status is the only gate: whichever request flips "open" first
    grades, every other one sees 0 rows updated. After the deadline the attempt counts as
    timed out at its deadline (answers saved in time still count).
    """
    attempt = (
        _own_attempt(attempt_id, person)
        if person is not None
        else Attempt.objects.select_related("round").get(pk=attempt_id)
    )
    with transaction.atomic():
        # The row lock that saves take (_lock_writable): a save holding it finishes first and
        # is graded; the clock is read after it, so no answer is later than the submission.
        Attempt.objects.select_for_update(no_key=True).filter(pk=attempt.pk).only("pk").first()
        now = now or timezone.now()
        if now > attempt.deadline:
            status, submitted_at = Attempt.Status.TIMED_OUT, attempt.deadline
        else:
            status, submitted_at = Attempt.Status.SUBMITTED, now
        won = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.OPEN).update(
            status=status, submitted_at=submitted_at
        )
        if not won:
            attempt.refresh_from_db()
            return attempt
        attempt.status, attempt.submitted_at = status, submitted_at
        _grade(attempt)
    return attempt


def _grade(attempt):
    question_ids = attempt.question_ids()
    correct = defaultdict(set)
    for question_id, choice_id in Choice.objects.filter(
        question_id__in=question_ids, is_correct=True
    ).values_list("question_id", "pk"):
        correct[question_id].add(choice_id)
    answers = list(Answer.objects.filter(attempt=attempt).only("pk", "question_id", "choices"))
    right_ids, wrong_ids = [], []
    for answer in answers:
        is_right = bool(answer.choices) and set(answer.choices) == correct[answer.question_id]
        (right_ids if is_right else wrong_ids).append(answer.pk)
    if right_ids:
        Answer.objects.filter(pk__in=right_ids).update(is_correct=True)
    if wrong_ids:
        Answer.objects.filter(pk__in=wrong_ids).update(is_correct=False)
    total = attempt.question_total or len(question_ids)
    attempt.correct_count = len(right_ids)
    attempt.score = (
        (Decimal(len(right_ids)) * 100 / total).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if total
        else Decimal("0")
    )
    elapsed = attempt.submitted_at - attempt.started_at
    attempt.duration_ms = max(0, int(elapsed.total_seconds() * 1000))
    Attempt.objects.filter(pk=attempt.pk).update(
        correct_count=attempt.correct_count, score=attempt.score, duration_ms=attempt.duration_ms
    )
    round_ = attempt.round
    if round_.course_id:
        from courses import services as course_services

        score10 = (attempt.score / 10).quantize(Decimal("0.01"), ROUND_HALF_UP)
        try:
            with transaction.atomic():
                course_services.record_test_result(
                    person=attempt.entry.person, course=round_.course, score=score10
                )
        except Exception as exc:
            if type(exc).__name__ != "RegistrationError":
                raise


def close_overdue(now=None, limit=2000):
    """Close and grade attempts whose deadline has passed; returns how many were closed."""
    now = now or timezone.now()
    ids = list(
        Attempt.objects.filter(status=Attempt.Status.OPEN, deadline__lt=now).values_list(
            "pk", flat=True
        )[:limit]
    )
    closed = 0
    for pk in ids:
        attempt = submit(pk, now=now)
        closed += attempt.status == Attempt.Status.TIMED_OUT
    return closed


# ----------------------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------------------


def _update_from(sql_select, params, set_clause):
    """UPDATE contests_attempt from a SELECT that yields (id, value); works on SQLite and PG."""
    table = Attempt._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {set_clause} FROM ({sql_select}) AS ranked "
            f"WHERE {table}.id = ranked.id",
            params,
        )
        return cursor.rowcount


def _mark_counted(round_):
    """Choose, per entry, the attempt that counts (best, first or last), in one statement."""
    from django.db.models import Window
    from django.db.models.functions import RowNumber

    if round_.counted_attempt == Round.Counted.FIRST:
        order = [F("number").asc()]
    elif round_.counted_attempt == Round.Counted.LAST:
        order = [F("number").desc()]
    else:
        order = [F("score").desc(), F("duration_ms").asc(), F("submitted_at").asc(), F("pk")]
    graded = Attempt.objects.filter(
        round=round_, entry__voided_at__isnull=True, score__isnull=False
    ).exclude(status=Attempt.Status.OPEN)
    # Rows outside the ranking (voided, ungraded) are reset; the graded ones get counted and a
    # cleared rank in one statement, without a separate pass over the whole round.
    Attempt.objects.filter(round=round_).exclude(pk__in=graded.values("pk")).filter(
        Q(counted=True) | Q(rank__isnull=False)
    ).update(counted=False, rank=None)
    ranked = (
        graded.annotate(position=Window(RowNumber(), partition_by=[F("entry_id")], order_by=order))
        .values("pk", "position")
        .order_by()
    )
    sql, params = ranked.query.sql_with_params()
    _update_from(
        f"SELECT inner_q.pk AS id, inner_q.position AS position FROM ({sql}) AS inner_q",
        params,
        "counted = (ranked.position = 1), rank = NULL",
    )


def _prediction_truth(round_):
    counted = Attempt.objects.filter(round=round_, counted=True)
    if round_.predicts == Round.Predicts.FULL_SCORE:
        return counted.filter(score=Decimal("100")).count()
    if round_.predicts == Round.Predicts.PARTICIPANTS:
        return counted.values("entry_id").distinct().count()
    return None


def ranking_queryset(round_, truth):
    """Counted attempts with their rank inside their entrant group, as the database orders them:
    score ↓, |prediction − truth| ↑ (no prediction last), duration ↑, submission time ↑."""
    from django.db.models import Value, Window
    from django.db.models.functions import Abs, Coalesce, RowNumber

    if truth is None:
        distance = Value(0)
    else:
        distance = Coalesce(Abs(F("prediction") - Value(truth)), Value(MAX_PREDICTION * 10))
    return (
        Attempt.objects.filter(round=round_, counted=True)
        .annotate(distance=distance)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("entry__group_id")],
                order_by=[
                    F("score").desc(),
                    F("distance").asc(),
                    F("duration_ms").asc(),
                    F("submitted_at").asc(),
                    F("pk").asc(),
                ],
            )
        )
    )


def _store_ranks(round_, truth):
    ranked = ranking_queryset(round_, truth).values("pk", "position").order_by()
    sql, params = ranked.query.sql_with_params()
    _update_from(
        f"SELECT inner_q.pk AS id, inner_q.position AS position FROM ({sql}) AS inner_q",
        params,
        "rank = ranked.position",
    )


LEVEL_ORDER = [
    (Prize.Level.FIRST, "first"),
    (Prize.Level.SECOND, "second"),
    (Prize.Level.THIRD, "third"),
    (Prize.Level.CONSOLATION, "consolation"),
]


def _allocate_prizes(round_):
    Prize.objects.filter(round=round_).delete()
    contest = round_.contest
    excluded = set()
    if contest.one_prize_per_person:
        excluded = set(
            Prize.objects.filter(round__contest=contest, round__results_published_at__isnull=False)
            .exclude(round=round_)
            .values_list("person_id", flat=True)
        )
    prizes = []
    for quota in PrizeQuota.objects.filter(round=round_).select_related("group"):
        slots = [level for level, field in LEVEL_ORDER for _ in range(getattr(quota, field))]
        if not slots:
            continue
        candidates = (
            Attempt.objects.filter(
                round=round_, counted=True, entry__group=quota.group, score__gt=0
            )
            .select_related("entry")
            .order_by("rank")
        )
        for attempt in candidates.iterator(chunk_size=200):
            if not slots:
                break
            if attempt.entry.person_id in excluded:
                continue
            prizes.append(
                Prize(
                    round=round_,
                    group=quota.group,
                    attempt=attempt,
                    person_id=attempt.entry.person_id,
                    unit_id=attempt.entry.unit_id,
                    level=slots.pop(0),
                    rank=attempt.rank,
                    score=attempt.score,
                )
            )
    Prize.objects.bulk_create(prizes)
    return prizes


#: An attempt counts for its entry's unit only when that unit is the entrant's confirmed unit
#: (docs/contests.md, "Team prizes"): the unit typed in the entry form, or chosen in the profile
#: and not yet confirmed by the unit's coordinator, is the person's claim, not the unit's.
COUNTS_FOR_UNIT = Q(
    entry__unit__isnull=False,
    entry__unit=F("entry__person__unit"),
    entry__person__unit_confirmed_at__isnull=False,
)


def team_standings(round_):
    """Per unit group, units with participants, headcount, rate and average score, ranked by
    participation rate then average score (units below the contest's minimum rate excluded).
    Only entrants confirmed in the unit count (COUNTS_FOR_UNIT)."""
    contest = round_.contest
    rows = (
        Attempt.objects.filter(COUNTS_FOR_UNIT, round=round_, counted=True)
        .values(
            "entry__unit_id",
            "entry__unit__name",
            "entry__unit__headcount",
            "entry__unit__group_id",
        )
        .annotate(participants=Count("entry_id", distinct=True), average=Avg("score"))
    )
    groups = defaultdict(list)
    for row in rows:
        headcount = row["entry__unit__headcount"]
        if not headcount or row["entry__unit__group_id"] is None:
            continue
        rate = (Decimal(row["participants"]) * 100 / headcount).quantize(Decimal("0.01"))
        if rate < contest.team_min_rate:
            continue
        groups[row["entry__unit__group_id"]].append(
            {
                "unit_id": row["entry__unit_id"],
                "unit_name": row["entry__unit__name"],
                "participants": row["participants"],
                "headcount": headcount,
                "rate": rate,
                "average": Decimal(row["average"] or 0).quantize(Decimal("0.01")),
            }
        )
    for standings in groups.values():
        standings.sort(key=lambda item: (-item["rate"], -item["average"], item["unit_id"]))
    return groups


def _allocate_team_prizes(round_):
    TeamPrize.objects.filter(round=round_).delete()
    count = round_.contest.team_prizes_per_group
    if not count:
        return []
    prizes = []
    for group_id, standings in team_standings(round_).items():
        for rank, item in enumerate(standings[:count], start=1):
            prizes.append(
                TeamPrize(
                    round=round_,
                    unit_group_id=group_id,
                    unit_id=item["unit_id"],
                    rank=rank,
                    participants=item["participants"],
                    headcount=item["headcount"],
                    participation_rate=item["rate"],
                    average_score=item["average"],
                )
            )
    TeamPrize.objects.bulk_create(prizes)
    return prizes


def compute_results(round_, user=None, now=None):
    """Close what is still open, choose counted attempts, find the true value, rank, award.

    Safe to run again (voiding an entry runs it again, and the next person moves up).
    """
    now = now or timezone.now()
    if not round_.is_closed(now):
        raise ContestError("round_not_closed")
    overdue = Attempt.objects.filter(round=round_, status=Attempt.Status.OPEN)
    for pk in overdue.values_list("pk", flat=True):
        submit(pk, now=max(now, round_.closes_at))
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("contest").get(pk=round_.pk)
        _mark_counted(round_)
        truth = _prediction_truth(round_)
        _store_ranks(round_, truth)
        round_.prediction_truth = truth
        round_.results_computed_at = now
        round_.save(update_fields=["prediction_truth", "results_computed_at"])
        _allocate_prizes(round_)
        _allocate_team_prizes(round_)
        if user is not None:
            log(round_, "contests.compute_results", user=user, data={"truth": truth})
    return round_


def publish_results(round_, user=None, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.results_computed_at is None:
            raise ContestError("not_computed")
        if round_.results_published_at is not None:
            raise ContestError("already_published")
        round_.results_published_at = now
        round_.save(update_fields=["results_published_at"])
        log(round_, "contests.publish_results", user=user)
        transaction.on_commit(lambda: results_published.send(sender=Round, round=round_))
    return round_


def void_entry(entry, reason, user=None, now=None):
    """Void an entry (false information, a committee member...) and re-rank every round whose
    results were computed, so the next person moves up."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ContestError("reason_required")
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.voided_at:
            raise ContestError("already_voided")
        entry.voided_at = now
        entry.void_reason = reason
        entry.save(update_fields=["voided_at", "void_reason"])
        log(entry, "contests.void_entry", user=user, data={"reason": reason})
    for round_ in Round.objects.filter(
        contest_id=entry.contest_id, results_computed_at__isnull=False
    ):
        compute_results(round_, now=max(now, round_.closes_at))
    return entry


def full_score_people(round_):
    """People whose counted attempt scored 100%, with their unit (contract with certificates)."""
    attempts = (
        Attempt.objects.filter(
            round=round_, counted=True, score=Decimal("100"), entry__voided_at__isnull=True
        )
        .select_related("entry__person", "entry__unit")
        .order_by("rank", "pk")
    )
    return [(attempt.entry.person, attempt.entry.unit) for attempt in attempts]


# ----------------------------------------------------------------------------------------------
# Statistics
# ----------------------------------------------------------------------------------------------

SCORE_BANDS = [
    ("full", _("100%")),
    ("high", _("75% or more")),
    ("middle", _("25% to under 75%")),
    ("low", _("Under 25%")),
    ("zero", _("Zero")),
]


def round_statistics(round_):
    """Counts for the results and live pages: a fixed number of queries whatever the size."""
    graded = Attempt.objects.filter(round=round_, entry__voided_at__isnull=True).exclude(
        status=Attempt.Status.OPEN
    )
    totals = Attempt.objects.filter(round=round_, entry__voided_at__isnull=True).aggregate(
        attempts=Count("pk"),
        people=Count("entry_id", distinct=True),
        open=Count("pk", filter=Q(status=Attempt.Status.OPEN)),
    )
    counted = graded.filter(counted=True) if round_.results_computed_at else graded
    bands = counted.aggregate(
        full=Count("pk", filter=Q(score=100)),
        high=Count("pk", filter=Q(score__gte=75, score__lt=100)),
        middle=Count("pk", filter=Q(score__gte=25, score__lt=75)),
        low=Count("pk", filter=Q(score__gt=0, score__lt=25)),
        zero=Count("pk", filter=Q(score=0)),
    )
    band_total = sum(bands.values()) or 1
    band_rows = [
        {
            "key": key,
            "label": label,
            "count": bands[key],
            "percent": round(bands[key] * 100 / band_total, 1),
        }
        for key, label in SCORE_BANDS
    ]
    return {
        "attempts": totals["attempts"],
        "people": totals["people"],
        "open": totals["open"],
        "bands": band_rows,
        "units": unit_participation(round_),
    }


def unit_participation(round_):
    """Per unit: distinct people confirmed in it who took part, headcount and rate, best rate
    first; then one row for entrants whose unit awaits confirmation and one for citizens."""
    from accounts.models import Unit

    rows = (
        Attempt.objects.filter(round=round_, entry__voided_at__isnull=True)
        .annotate(
            counted_unit=Case(
                When(COUNTS_FOR_UNIT, then=F("entry__unit_id")),
                default=Value(None),
                output_field=IntegerField(),
            ),
            pending=Case(
                When(COUNTS_FOR_UNIT, then=Value(False)),
                When(entry__unit__isnull=True, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            ),
        )
        .values("counted_unit", "pending")
        .annotate(people=Count("entry_id", distinct=True), attempts=Count("pk"))
        .order_by()
    )
    counts = {(row["counted_unit"], row["pending"]): row for row in rows}
    units = Unit.objects.filter(pk__in=[pk for pk, _pending in counts if pk]).select_related(
        "group"
    )
    result = []
    for unit in units:
        row = counts[unit.pk, False]
        rate = round(row["people"] * 100 / unit.headcount, 1) if unit.headcount else None
        result.append(
            {
                "unit": unit,
                "group": unit.group,
                "pending": False,
                "people": row["people"],
                "attempts": row["attempts"],
                "headcount": unit.headcount,
                "rate": rate,
                "bar": min(100, rate or 0),
            }
        )
    for pending in (True, False):
        row = counts.get((None, pending))
        if row is None:
            continue
        result.append(
            {
                "unit": None,
                "group": None,
                "pending": pending,
                "people": row["people"],
                "attempts": row["attempts"],
                "headcount": None,
                "rate": None,
                "bar": 0,
            }
        )
    result.sort(key=lambda item: (-(item["rate"] or -1), -item["people"]))
    return result


def entries_per_hour(round_, now=None):
    """Attempts started per hour of the round so far (live monitoring)."""
    from django.db.models.functions import TruncHour

    rows = (
        Attempt.objects.filter(round=round_)
        .annotate(hour=TruncHour("started_at"))
        .values("hour")
        .annotate(count=Count("pk"))
        .order_by("hour")
    )
    return [{"hour": row["hour"], "count": row["count"]} for row in rows]


__all__ = [
    "ContestError",
    "Contest",
    "EntrantGroup",
    "appraise_question",
    "close_overdue",
    "compute_results",
    "create_entry",
    "full_score_people",
    "publish_results",
    "round_statistics",
    "save_answer",
    "save_form",
    "save_prediction",
    "start_attempt",
    "submit",
    "void_entry",
]
