"""React to other apps' signals (connected in CertificatesConfig.ready, only when they exist).

Both signals are sent after commit; the issuing itself runs in a task so the sender's request
does not wait for numbering and rendering.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def on_completion_confirmed(sender, registration, **kwargs):
    if registration.course.certificate_template_id is None:
        return
    from .tasks import issue_for_registration_task

    transaction.on_commit(lambda: issue_for_registration_task.enqueue(registration.pk))


def on_results_published(sender, round, **kwargs):
    if round.contest.certificate_template_id is None:
        return
    from .tasks import issue_for_round_task

    transaction.on_commit(lambda: issue_for_round_task.enqueue(round.pk))


def connect():
    try:
        from courses.signals import completion_confirmed
    except ImportError:
        logger.info("courses app not available: no automatic course certificates")
    else:
        completion_confirmed.connect(on_completion_confirmed, dispatch_uid="certificates.course")
    try:
        from contests.signals import results_published
    except ImportError:
        logger.info("contests app not available: no automatic prize certificates")
    else:
        results_published.connect(on_results_published, dispatch_uid="certificates.contest")
