from .tasks import close_overdue_attempts

# Every minute: an abandoned attempt is graded at most a minute after its deadline.
PERIODIC = [(close_overdue_attempts, 60)]
