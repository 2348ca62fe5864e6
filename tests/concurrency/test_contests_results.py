"""Two computations of one round started at the same moment (two organizers, or the worker and
a retry) on PostgreSQL: the round lock makes the second wait for the first, so their writes never
interleave and the ranking is the same as one computation gives. Two clicks on "Compute" at once
make one job."""

import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from contests import services
from contests.models import Attempt, ResultsJob
from contests.services import computing, results
from tests.contests.factories import EntrantGroupFactory, EntryFactory, RoundFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

T0 = timezone.now().replace(microsecond=0) - timedelta(days=10)


def closed_round(entries=40):
    group = EntrantGroupFactory()
    round_ = RoundFactory(
        contest=group.contest, opens_at=T0, closes_at=T0 + timedelta(days=7), predicts="none"
    )
    for n in range(entries):
        started = T0 + timedelta(hours=1)
        Attempt.objects.create(
            round=round_,
            entry=EntryFactory(group=group),
            status=Attempt.Status.SUBMITTED,
            started_at=started,
            deadline=started + timedelta(minutes=30),
            submitted_at=started + timedelta(seconds=60 + n % 7),
            duration_ms=(60 + n % 7) * 1000,
            question_total=10,
            score=Decimal(n % 5 * 20),
        )
    return round_


def at_once(function, count=2):
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def run(index):
        try:
            barrier.wait()
            outcomes[index] = function()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_two_computations_of_a_round_never_interleave(monkeypatch):
    round_ = closed_round()
    windows = []
    real = results._store_counted_and_ranks

    def slow_store(round_, truth):
        started = time.monotonic()
        time.sleep(0.5)  # a wide window: without the lock the other run would write inside it
        written = real(round_, truth)
        windows.append((started, time.monotonic(), written))
        return written

    monkeypatch.setattr(results, "_store_counted_and_ranks", slow_store)
    outcomes = at_once(lambda: services.compute_results(round_))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    (start1, end1, written1), (start2, end2, written2) = sorted(windows)
    assert end1 <= start2  # the second waited for the first's commit
    assert sorted([written1, written2]) == [0, 40]  # and found nothing left to change
    ranks = sorted(
        Attempt.objects.filter(round=round_, counted=True).values_list("rank", flat=True)
    )
    assert ranks == list(range(1, 41))


def test_two_clicks_on_compute_at_once_make_one_job(monkeypatch):
    round_ = closed_round(entries=3)
    monkeypatch.setattr(computing, "_enqueue", lambda job: time.sleep(0.3))
    outcomes = at_once(lambda: services.start_compute(round_).pk)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert outcomes[0] == outcomes[1]
    assert ResultsJob.objects.count() == 1
