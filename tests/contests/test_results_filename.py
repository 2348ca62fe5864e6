"""The results workbook is named after the contest and its round, not after an id."""

import pytest
from django.utils import timezone

from contests.exports import results_filename
from tests.contests.factories import ContestFactory, RoundFactory

pytestmark = pytest.mark.django_db


def test_results_file_is_named_after_contest_and_round():
    contest = ContestFactory(title="Cuộc thi tìm hiểu Đề án 06")
    round_ = RoundFactory(contest=contest, title="Tuần 3")
    today = timezone.localdate().strftime("%d-%m-%Y")
    assert results_filename(round_) == f"ket-qua-cuoc-thi-tim-hieu-de-an-06-tuan-3-{today}"
