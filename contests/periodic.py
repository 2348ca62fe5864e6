from .tasks import close_overdue_attempts, resume_stalled_results_jobs

# Every minute: an abandoned attempt is graded at most a minute after its deadline.
# Every five minutes: a results computation whose worker died goes on where it stopped.
PERIODIC = [(close_overdue_attempts, 60), (resume_stalled_results_jobs, 300)]
