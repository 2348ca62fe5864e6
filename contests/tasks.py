from django.utils import translation
from django_tasks import task


@task()
def close_overdue_attempts():
    """Close and grade attempts whose deadline passed (people who left without submitting)."""
    from . import services

    with translation.override("vi"):
        return services.close_overdue()


@task()
def compute_results_task(job_id):
    """Compute the rounds of a results job (asked on the results screen, or by voiding an
    entry), each round in its own transaction; run again, it goes on where it stopped."""
    from .services import computing

    with translation.override("vi"):
        job = computing.run_job(job_id)
        return None if job is None else job.status


@task()
def resume_stalled_results_jobs():
    """Enqueue again the results jobs whose worker died (see computing.STALLED_AFTER)."""
    from .services import computing

    return computing.resume_stalled_jobs()
