"""Computing results in the background. Asking to compute a round's results, or voiding an entry
(every computed round of the contest is ranked again), creates a `ResultsJob` that the task
worker runs: an admin request never ranks 100,000 attempts itself, so it cannot outlast the web
server's timeout and leave rounds half re-ranked.

Each round of a job is computed in ONE transaction with the round locked (`compute_results`),
and the job records the round as done in that same transaction: after a crash the job, run
again, skips the rounds done and computes the others; a round is never seen half-ranked, and two
runs of a round one after the other give the same ranks (the second writes nothing).
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..errors import ContestError
from ..models import ResultsJob, Round
from .results import close_overdue_in_round, compute_results

#: A job not touched for this long lost its worker (or its enqueued task): `resume_stalled_jobs`
#: enqueues it again. Computing one round of 100,000 attempts takes a few seconds.
STALLED_AFTER = timedelta(minutes=10)


def unfinished_job(round_):
    """The job waiting or computing that covers the round, or None."""
    return (
        ResultsJob.objects.filter(rounds=round_, status__in=ResultsJob.UNFINISHED)
        .order_by("-created_at", "-pk")
        .first()
    )


def latest_job(round_):
    return ResultsJob.objects.filter(rounds=round_).order_by("-created_at", "-pk").first()


def _enqueue(job):
    """Enqueue the job's task inside the transaction that created the job: the task row of the
    database backend commits with the job (or not at all), so no job waits for a task that was
    never enqueued. With the immediate backend (tests) the job runs here and now."""
    from ..tasks import compute_results_task

    compute_results_task.enqueue(job.pk)


def create_job(contest_id, rounds, reason, *, user=None, entry=None, now=None):
    now = now or timezone.now()
    job = ResultsJob.objects.create(
        contest_id=contest_id,
        reason=reason,
        entry=entry,
        requested_by=user,
        total=100 * len(rounds),
        created_at=now,
        updated_at=now,
    )
    job.rounds.set(rounds)
    _enqueue(job)
    job.refresh_from_db()
    return job


def start_compute(round_, user=None, now=None):
    """Ask for the round's results to be computed in the background; returns the job. Refuses
    at once what the computation would refuse (round still open, true value missing). Asking
    again while a job for the round waits or runs returns that job (a double click)."""
    now = now or timezone.now()
    if not round_.is_closed(now):
        raise ContestError("round_not_closed")
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.predicts == Round.Predicts.ENTERED and round_.entered_truth is None:
            raise ContestError("truth_required")
        existing = unfinished_job(round_)
        if existing is not None:
            return existing
        return create_job(
            round_.contest_id, [round_], ResultsJob.Reason.COMPUTE, user=user, now=now
        )


def retry_job(job, now=None):
    """Run a failed (or stalled) job again: it goes on with the rounds not yet computed."""
    now = now or timezone.now()
    with transaction.atomic():
        job = ResultsJob.objects.select_for_update().get(pk=job.pk)
        if job.status == ResultsJob.Status.DONE:
            return job
        job.status = ResultsJob.Status.PENDING
        job.error = ""
        job.updated_at = now
        job.save(update_fields=["status", "error", "updated_at"])
        _enqueue(job)
    job.refresh_from_db()
    return job


def _touch(job_id, **fields):
    ResultsJob.objects.filter(pk=job_id).update(updated_at=timezone.now(), **fields)


def run_job(job_id):
    """The task's work: compute each round of the job not yet done, each in its own
    transaction, recording progress as it goes. A refusal (a round reopened, a true value
    cleared) fails the job with its reason; any other error fails it and is raised again for
    the worker's log. Running a finished job again does nothing."""
    job = ResultsJob.objects.filter(pk=job_id).select_related("requested_by").first()
    if job is None or job.status == ResultsJob.Status.DONE:
        return job
    now = timezone.now()
    _touch(
        job.pk,
        status=ResultsJob.Status.RUNNING,
        error="",
        started_at=Coalesce(F("started_at"), now),
    )
    rounds = list(job.rounds.order_by("opens_at", "pk"))
    done_ids = set(job.done_round_ids)
    user = job.requested_by if job.reason == ResultsJob.Reason.COMPUTE else None
    for round_ in rounds:
        if round_.pk in done_ids:
            continue
        base = 100 * len(done_ids)

        def progress(closed, overdue, base=base):
            _touch(job.pk, done=base + 50 * closed // max(overdue, 1))

        try:
            at = timezone.now()
            if job.reason == ResultsJob.Reason.VOID:
                at = max(at, round_.closes_at)
            if round_.is_closed(at):
                close_overdue_in_round(round_, at, progress)
            with transaction.atomic():
                computed = compute_results(round_, user=user, now=at)
                done_ids.add(round_.pk)
                _touch(
                    job.pk,
                    done_round_ids=sorted(done_ids),
                    done=100 * len(done_ids),
                    rows_written=F("rows_written") + computed.rows_written,
                )
        except ContestError as error:
            _touch(job.pk, status=ResultsJob.Status.FAILED, error=error.code)
            return ResultsJob.objects.get(pk=job.pk)
        except Exception as error:
            _touch(job.pk, status=ResultsJob.Status.FAILED, error=type(error).__name__)
            raise
    _touch(
        job.pk,
        status=ResultsJob.Status.DONE,
        done=100 * len(rounds),
        total=100 * len(rounds),
        finished_at=timezone.now(),
    )
    return ResultsJob.objects.get(pk=job.pk)


def resume_stalled_jobs(now=None):
    """Enqueue again every job waiting or computing that nobody touched for STALLED_AFTER (its
    worker died, or the task was lost): it goes on where it stopped. Returns how many."""
    now = now or timezone.now()
    stalled = list(
        ResultsJob.objects.filter(
            status__in=ResultsJob.UNFINISHED, updated_at__lt=now - STALLED_AFTER
        ).values_list("pk", flat=True)
    )
    for pk in stalled:
        with transaction.atomic():
            ResultsJob.objects.filter(pk=pk).update(updated_at=now)
            _enqueue(ResultsJob(pk=pk))
    return len(stalled)
