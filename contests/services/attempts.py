"""Attempts: drawing the questions, starting, saving answers and the prediction, submitting and
grading once, closing overdue attempts.

Concurrency without a global lock: an attempt's status moves from "open" exactly once through a
conditional UPDATE, so a double submit (two tabs, a retry, the periodic closer) grades once; a
partial unique index allows one open attempt per entry; answers are upserts keyed by
(attempt, question), written under the attempt's row lock that submit() also takes, so none is
stored after grading.
"""

import math
import random
import re
from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from common.errors import ServiceError
from common.parsing import parse_id

from ..errors import ContestError
from ..models import Answer, Attempt, Choice, Entry, Question, RoundQuestion
from . import blueprints

MAX_PREDICTION = 10_000_000


def _race_window(point):
    """Nothing: the moment between reading an attempt's state and writing on it ("save":
    an answer checked and about to be stored; "submit": an attempt read as open and about to be
    closed). The control tests in tests/concurrency replace it with a barrier to hold requests
    there together, which shows deterministically what the lock and the status gate prevent."""


def draw_questions(round_, audience, rng=None):
    """Pick the round's questions by its blueprint (area × difficulty, rotation applied: see
    services.blueprints), shuffle each question's choices.

    Returns [[question_id, [choice ids in shown order], several_allowed]]. Three queries.
    """
    rng = rng or random.SystemRandom()
    lines = blueprints.round_lines(round_)
    questions = blueprints.pool(round_, audience)
    if lines:
        questions = questions.filter(area__in={line.area for line in lines})
    kinds = {}
    candidates = []
    for pk, area, difficulty, kind in questions.order_by("pk").values_list(
        "pk", "area", "difficulty", "kind"
    ):
        candidates.append((pk, area, difficulty))
        kinds[pk] = kind
    chosen = blueprints.draw_ids(lines, round_.question_count, candidates, rng)
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
            attempt = Attempt.objects.create(
                round=round_,
                entry=entry,
                number=used + 1,
                started_at=now,
                deadline=deadline,
                draw=draw,
                question_total=len(draw),
            )
            # What rotation in the next rounds and the bank's "used in round" filter read. In id
            # order: two starts inserting overlapping rows in their own random draw order could
            # each wait for a row the other holds (a deadlock on PostgreSQL).
            RoundQuestion.objects.bulk_create(
                [
                    RoundQuestion(round=round_, question_id=question_id)
                    for question_id in sorted(item[0] for item in draw)
                ],
                ignore_conflicts=True,
            )
            return attempt
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
    attempt page sends), so pages never carry choice ids. Four queries whatever the attempt's
    size: begin, the attempt locked (its draw is what the choices are checked against), one
    upsert, commit.
    """
    with transaction.atomic():
        attempt, now = _lock_writable(attempt_id, person, now)
        question_id, choice_ids = _checked_choices(attempt, question_id, choice_ids, by_position)
        _store_answers(attempt, {question_id: choice_ids}, now)
    return attempt


def _store_answers(attempt, answers, now):
    """Upsert {question id: choice ids} in one statement (INSERT … ON CONFLICT DO UPDATE).

    Every writer of this attempt's answers holds its row lock, so the upsert never meets a
    concurrent insert of the same answer; rows go in question order all the same."""
    if not answers:
        return
    Answer.objects.bulk_create(
        [
            Answer(attempt=attempt, question_id=question_id, choices=choices, saved_at=now)
            for question_id, choices in sorted(answers.items())
        ],
        update_conflicts=True,
        unique_fields=["attempt", "question"],
        update_fields=["choices", "saved_at"],
    )


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


def _lock_writable(attempt_id, person, now=None, whole=False):
    """Lock the person's attempt row for the rest of the transaction, then refuse unless it is
    still open and in time; returns the attempt and the time of the write.

    submit() closes the attempt under the same row lock, so an answer is either written before
    grading starts (and graded) or refused with "attempt_closed": never stored after the fact.
    Checking first and writing later without the lock let saves racing a submit land after
    grading. The clock is read after the lock is held, so a save that waited for a submit is
    judged by when it could write, and a saved answer is never later than the submission.
    CONTESTS_UNSAFE_SKIP_LOCK exists only so a control test can show the race the lock prevents
    (held open deterministically in `_race_window`).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Answers may only be written inside a transaction.")
    # Only what the checks and the callers read (the draw, status, deadline); `whole` for
    # grading (the row and its round).
    rows = Attempt.objects.filter(entry__person=person)
    fields = ("pk", "status", "deadline", "draw", "prediction")
    rows = rows.select_related("round") if whole else rows.only(*fields)
    if not getattr(settings, "CONTESTS_UNSAFE_SKIP_LOCK", False):
        rows = rows.select_for_update(of=("self",), no_key=True)
    try:
        attempt = rows.get(pk=attempt_id)
    except (Attempt.DoesNotExist, ValueError, TypeError):
        raise ContestError("not_found") from None
    now = now or timezone.now()
    _check_writable(attempt, now)
    _race_window("save")
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

    One transaction and a bounded number of queries however many answers the form carries:
    the attempt locked once, every answer checked before any is written (a refused one stores
    none), one upsert for them all. A mistyped prediction does not lose the answers: they are
    stored, then its refusal is raised."""
    with transaction.atomic():
        attempt, prediction_error, _stored, _now = _store_form(
            attempt_id, person, answers, prediction, now
        )
    if prediction_error is not None:
        raise prediction_error
    return attempt


def _store_form(attempt_id, person, answers, prediction, now, whole=False):
    """save_form's work inside the caller's transaction: (the locked attempt, the prediction's
    refusal or None, the attempt's answers after it as {question id: choice ids}).
    Late refusals ("deadline", "attempt_closed") and refused answers are raised before
    anything is written. Answers the autosave already stored as they are are not written
    again."""
    prediction_error = None
    value = None
    if prediction is not None:
        try:
            value = parse_prediction(prediction)
        except ContestError as error:
            prediction_error = error
    attempt, now = _lock_writable(attempt_id, person, now, whole=whole)
    checked = dict(
        _checked_choices(attempt, question_id, positions, by_position=True)
        for question_id, positions in (answers or {}).items()
    )
    stored = dict(Answer.objects.filter(attempt=attempt).values_list("question_id", "choices"))
    changed = {key: choices for key, choices in checked.items() if stored.get(key) != choices}
    _store_answers(attempt, changed, now)
    stored.update(changed)
    if value is not None and value != attempt.prediction:
        Attempt.objects.filter(pk=attempt.pk).update(prediction=value)
        attempt.prediction = value
    return attempt, prediction_error, stored, now


def submit_form(attempt_id, person, answers=None, prediction=None, now=None):
    """What the submit button posts: store its answers and prediction (as save_form), then
    close and grade, in one transaction holding the attempt's lock from the first write to the
    grading (one commit, no second read of the attempt or its answers: a bounded few queries).
    Past the deadline, or once the attempt is closed, what was saved in time is graded anyway;
    any other refusal (a mistyped prediction) comes back before grading, to be corrected, with
    the form's answers kept; a refused answer stores nothing."""
    if not answers and prediction is None:
        return submit(attempt_id, person, now=now)
    late = False
    with transaction.atomic():
        try:
            attempt, refusal, stored, now = _store_form(
                attempt_id, person, answers, prediction, now, whole=True
            )
        except ContestError as error:
            # Raised before anything was written, so the transaction is still usable.
            if error.code not in ContestError.LATE_CODES:
                raise
            late = True
        else:
            if refusal is None:
                attempt.known_answers = stored
                return _close_and_grade(attempt, now)
    if late:
        return submit(attempt_id, person, now=now)
    raise refusal


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
    CONTESTS_UNSAFE_SKIP_STATUS_GATE exists only so a control test can show the double grading
    the gate prevents: without it, the status read before the write decides, as naive code would.
    """
    attempt = (
        _own_attempt(attempt_id, person)
        if person is not None
        else Attempt.objects.select_related("round").get(pk=attempt_id)
    )
    _race_window("submit")
    with transaction.atomic():
        # The row lock that saves take (_lock_writable): a save holding it finishes first and
        # is graded; the clock is read after it, so no answer is later than the submission.
        Attempt.objects.select_for_update(no_key=True).filter(pk=attempt.pk).only("pk").first()
        return _close_and_grade(attempt, now or timezone.now())


def _close_and_grade(attempt, now):
    """Inside a transaction holding the attempt's row lock: flip it from open (the gate) and
    grade it, or return it as another request closed it."""
    if now > attempt.deadline:
        status, submitted_at = Attempt.Status.TIMED_OUT, attempt.deadline
    else:
        status, submitted_at = Attempt.Status.SUBMITTED, now
    rows = Attempt.objects.filter(pk=attempt.pk)
    if not getattr(settings, "CONTESTS_UNSAFE_SKIP_STATUS_GATE", False):
        rows = rows.filter(status=Attempt.Status.OPEN)
    elif attempt.status != Attempt.Status.OPEN:
        return attempt
    won = rows.update(status=status, submitted_at=submitted_at)
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
    # What submit_form already read and wrote under the same lock, or the stored answers.
    answers = getattr(attempt, "known_answers", None)
    if answers is None:
        answers = dict(Answer.objects.filter(attempt=attempt).values_list("question_id", "choices"))
    right = [
        question_id
        for question_id, choices in answers.items()
        if choices and set(choices) == correct[question_id]
    ]
    if answers:
        # One statement for every answer, right or wrong.
        Answer.objects.filter(attempt=attempt).update(
            is_correct=Case(When(question_id__in=right, then=Value(True)), default=Value(False))
        )
    right_ids = right
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
        from courses.public import record_test_result

        score10 = (attempt.score / 10).quantize(Decimal("0.01"), ROUND_HALF_UP)
        # A seat cancelled during the attempt has no score to take: the attempt stays graded.
        try:
            with transaction.atomic():
                record_test_result(person=attempt.entry.person, course=round_.course, score=score10)
        except ServiceError:
            pass


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
