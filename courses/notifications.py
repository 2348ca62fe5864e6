"""Emails that follow other events of a course (the registration emails are in tasks.py)."""

from django.dispatch import receiver

from .signals import completion_confirmed


@receiver(completion_confirmed, dispatch_uid="courses-completion-email")
def email_completion(sender, registration, **kwargs):
    """The signal is sent after commit, so the task can be enqueued at once."""
    from .tasks import send_registration_email

    send_registration_email.enqueue(registration.pk, "completed")
