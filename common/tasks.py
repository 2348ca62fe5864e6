"""Slow work of the shared code: sending an organizer's mailing (common/messaging.py)."""

from django_tasks import task


@task()
def send_mailing(mailing_id):
    from . import messaging

    mailing = messaging.send(mailing_id)
    return None if mailing is None else mailing.sent


@task()
def resume_stalled_mailings():
    from . import messaging

    return messaging.resume_stalled()
