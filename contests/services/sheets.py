"""What the attempt page and the review page show, built here as plain structures so the views
only render. The attempt sheet names choices by their position in the person's shuffled draw and
says nothing about which is right; the review says it only when the round's policy allows."""

from django.utils import timezone

from ..models import Answer, Choice, Question


def _letter(position):
    return "ABCD"[position] if position < 4 else str(position + 1)


def _saved_choices(attempt):
    return dict(Answer.objects.filter(attempt=attempt).values_list("question_id", "choices"))


def attempt_sheet(attempt, now=None):
    """The questions of an open attempt in drawn order, each with its choices by position and
    what the person has saved; and the seconds left. Three queries."""
    now = now or timezone.now()
    ids = attempt.question_ids()
    texts = dict(Question.objects.filter(pk__in=ids).values_list("pk", "text"))
    choice_texts = dict(Choice.objects.filter(question_id__in=ids).values_list("pk", "text"))
    saved = _saved_choices(attempt)
    questions = []
    for number, (question_id, choice_ids, several) in enumerate(attempt.draw, start=1):
        chosen = set(saved.get(question_id) or [])
        questions.append(
            {
                "number": number,
                "id": question_id,
                "answered": bool(chosen & set(choice_ids)),
                "text": texts.get(question_id, ""),
                "several": several,
                "choices": [
                    {
                        "position": position,
                        "letter": _letter(position),
                        "text": choice_texts.get(choice_id, ""),
                        "checked": choice_id in chosen,
                    }
                    for position, choice_id in enumerate(choice_ids)
                ],
            }
        )
    remaining = max(0, int((attempt.deadline - now).total_seconds()))
    grace = attempt.round.grace_seconds
    return {
        "questions": questions,
        "remaining": remaining,
        "grace": grace,
        # What the countdown shows: the announced limit, never the server's slack on top of it.
        "announced_remaining": max(0, remaining - grace),
        "announced_remaining_ms": max(0, remaining - grace) * 1000,
        "answered_count": sum(1 for question in questions if question["answered"]),
    }


def question_preview(question):
    """One question as the attempt sheet gives it to an entrant (number 1, choices by position,
    nothing checked, nothing about which is right), for the organizers' preview. The choices
    keep the bank's order; an attempt shuffles them (except true-or-false)."""
    choices = list(question.choices.all())
    return {
        "number": 1,
        "id": question.pk,
        "answered": False,
        "text": question.text,
        "several": question.kind == Question.Kind.MULTIPLE,
        "choices": [
            {"position": position, "letter": _letter(position), "text": choice.text}
            for position, choice in enumerate(choices)
        ],
    }


def attempt_review(attempt):
    """A finished attempt as its round lets the person see it: whether the score and the
    answers are shown, and, when they are, each question with the right and the chosen choices,
    the explanation and the legal source."""
    round_ = attempt.round
    show_score = round_.reveals("show_score", attempt_done=True)
    show_answers = round_.reveals("show_answers", attempt_done=True)
    review = []
    if show_answers:
        ids = attempt.question_ids()
        questions = Question.objects.in_bulk(ids)
        choices = {choice.pk: choice for choice in Choice.objects.filter(question_id__in=ids)}
        saved = _saved_choices(attempt)
        for number, (question_id, choice_ids, _several) in enumerate(attempt.draw, start=1):
            question = questions.get(question_id)
            if question is None:
                continue
            chosen = set(saved.get(question_id) or [])
            review.append(
                {
                    "number": number,
                    "text": question.text,
                    "explanation": question.explanation,
                    "legal_source": question.legal_source,
                    "choices": [
                        {
                            "letter": _letter(position),
                            "text": choices[choice_id].text,
                            "correct": choices[choice_id].is_correct,
                            "chosen": choice_id in chosen,
                        }
                        for position, choice_id in enumerate(choice_ids)
                        if choice_id in choices
                    ],
                }
            )
    return {
        "show_score": show_score,
        "show_answers": show_answers,
        "review": review,
        "duration_seconds": (attempt.duration_ms or 0) // 1000,
        "duration_ms": attempt.duration_ms or 0,
    }


def attempt_record(attempt):
    """One attempt in full for the organizers handling a complaint, whatever the round's policy:
    the questions in the order drawn, each choice lettered as the entrant saw it with whether it
    is right and whether they chose it, whether the answer was right and when it was saved.
    Three queries."""
    ids = attempt.question_ids()
    questions = Question.objects.in_bulk(ids)
    choices = {choice.pk: choice for choice in Choice.objects.filter(question_id__in=ids)}
    answers = {
        question_id: (chosen, saved_at, is_correct)
        for question_id, chosen, saved_at, is_correct in Answer.objects.filter(
            attempt=attempt
        ).values_list("question_id", "choices", "saved_at", "is_correct")
    }
    rows = []
    for number, item in enumerate(attempt.draw, start=1):
        question_id, choice_ids = item[0], item[1]
        question = questions.get(question_id)
        if question is None:
            continue
        chosen, saved_at, is_correct = answers.get(question_id, ([], None, None))
        chosen = set(chosen or [])
        rows.append(
            {
                "number": number,
                "question": question,
                "choices": [
                    {
                        "letter": _letter(position),
                        "text": choices[choice_id].text,
                        "correct": choices[choice_id].is_correct,
                        "chosen": choice_id in chosen,
                    }
                    for position, choice_id in enumerate(choice_ids)
                    if choice_id in choices
                ],
                "answered": bool(chosen),
                "is_correct": is_correct,
                "saved_at": saved_at,
            }
        )
    return rows
