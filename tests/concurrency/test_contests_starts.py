"""Many people start the same round at the same moment: each start records its drawn questions
for bank rotation (RoundQuestion, inserted in id order so that two starts never wait on each
other's rows crosswise), and every start succeeds: no deadlock, no lost row."""

from urllib.parse import urlsplit

import pytest

from contests.models import Attempt, RoundQuestion
from tests.contests.factories import (
    EntrantGroupFactory,
    EntryFactory,
    QuestionFactory,
    RoundFactory,
)
from tests.helpers import logged_in_cookie, post_all

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 40


def test_parallel_starts_record_every_drawn_question_without_deadlock(live_server):
    group = EntrantGroupFactory()
    # A small bank and a large draw: every pair of starts inserts overlapping rows.
    round_ = RoundFactory(contest=group.contest, question_count=6)
    for _ in range(8):
        QuestionFactory()
    entries = [EntryFactory(group=group) for _ in range(PEOPLE)]
    cookies = [logged_in_cookie(entry.person) for entry in entries]
    path = urlsplit(
        f"{live_server.url}/cuoc-thi/{group.contest.slug}/vong/{round_.pk}/bat-dau/"
    ).path
    statuses = post_all(live_server, path, cookies)
    assert statuses == [302] * PEOPLE
    attempts = list(Attempt.objects.filter(round=round_))
    assert len(attempts) == PEOPLE
    drawn = {question_id for attempt in attempts for question_id in attempt.question_ids()}
    recorded = set(RoundQuestion.objects.filter(round=round_).values_list("question_id", flat=True))
    assert recorded == drawn
