import datetime as dt

import pytest
from django.utils import timezone

from qa import services
from qa.models import Question

QUESTION = {
    "kind": "hoi-dap",
    "area": "procedures",
    "title": "Thời hạn cấp lại giấy khai sinh",
    "body": "Xin hỏi thủ tục cấp lại giấy khai sinh mất bao lâu?",
    "name": "Nguyễn Văn Hùng",
    "email": "hung@example.vn",
    "show_as": "name",
}


def make_question(*, token=None, status=None, answer="", when=None, **fields):
    """A question sent through the service (reference, consent, search words), then moved to
    `status` directly."""
    values = {**QUESTION, **fields}
    question = services.submit(
        **values,
        consent=True,
        token=token or f"t-{Question.objects.count()}-{values['title'][:20]}",
        now=when,
    )
    if status is not None:
        question.status = status
        question.answer = answer or "<p>Trả lời mẫu.</p>"
        question.answered_at = timezone.now()
        if status == Question.Status.PUBLISHED:
            question.published_at = timezone.now()
        question.save()
    return question


def make_many(count, *, status=Question.Status.PUBLISHED, start=0):
    """`count` published questions in one bulk insert."""
    now = timezone.now()
    rows = []
    for index in range(start, start + count):
        question = Question(
            reference=f"HD-2026-{90000 + index}",
            kind="hoi-dap",
            area="digital",
            title=f"Câu hỏi số {index} về dịch vụ công trực tuyến",
            body="Nội dung câu hỏi.",
            name=f"Người hỏi {index}",
            email=f"nguoi{index}@example.vn",
            show_as="initials",
            consented_at=now,
            submitted_at=now - dt.timedelta(minutes=index),
            submission_token=f"bulk-{index}",
            status=status,
            answer="<p>Trả lời.</p>",
            answered_at=now,
            published_at=now - dt.timedelta(minutes=index),
        )
        question.fill_derived()
        rows.append(question)
    return Question.objects.bulk_create(rows)


@pytest.fixture
def question(db):
    return make_question()
