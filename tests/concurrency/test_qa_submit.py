"""The same question form sent ten times at once (a double click, two tabs, a retrying phone):
one question, and every request gets its reference back, never an error."""

import pytest

from qa import services
from qa.models import Question

from .test_certificates_numbering import _run_in_threads

N = 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_form_sent_at_once_from_many_threads_makes_one_question():
    results = []

    def send(_i):
        question = services.submit(
            kind="hoi-dap",
            area="digital",
            title="Tài khoản VNeID mức 2",
            body="Nâng cấp ở đâu?",
            name="Trần Thị Mai",
            email="mai@example.vn",
            show_as="name",
            consent=True,
            token="one-form",
        )
        results.append(question.reference)

    assert _run_in_threads(send, N) == []
    assert Question.objects.count() == 1
    assert results == [Question.objects.get().reference] * N
