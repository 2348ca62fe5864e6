"""Demo questions and feedback (data in demo/data/qa/, written for this project; the people are
fictional): six published with their answers, one answered but not published, three waiting for
an editor.

Idempotent: a question is found by its submission token.
"""

import datetime as dt

from django.contrib.auth import get_user_model

from demo.files import read_json
from qa.models import Question
from qa.services import PREFIXES

from . import report


def seed(command=None):
    data = read_json("qa/questions.json")
    editor = get_user_model().objects.filter(email=data["editor"]).first()
    made = 0
    for row in data["questions"]:
        question = Question.objects.filter(submission_token=row["token"]).first()
        if question is None:
            question = Question(submission_token=row["token"])
            made += 1
        submitted = dt.datetime.fromisoformat(row["submitted"])
        question.kind = row["kind"]
        question.area = row["area"]
        question.title = row["title"]
        question.body = row["body"]
        question.name = row["name"]
        question.email = row["email"]
        question.unit = row["unit"]
        question.show_as = row["show_as"]
        question.submitted_at = question.consented_at = submitted
        question.status = row["status"]
        if row.get("answer"):
            answered = dt.datetime.fromisoformat(row["answered"])
            question.answer = row["answer"]
            question.answered_at = question.answer_sent_at = answered
            question.answered_by = editor
            question.published_at = answered if row["status"] == Question.Status.PUBLISHED else None
        question.save()
        if not question.reference:
            question.reference = f"{PREFIXES[question.kind]}-{submitted.year}-{question.pk:05d}"
            question.save(update_fields=["reference"])
    report(command, f"  {len(data['questions'])} questions and answers ({made} new)")
