from .tasks import purge_expired_questions

PERIODIC = [(purge_expired_questions, 24 * 60 * 60)]
