"""Slow work of certificates, run by the task worker after the issuing transaction commits."""

import logging

from django.utils import translation
from django_tasks import task

from . import services

logger = logging.getLogger(__name__)


def _issue(function, *args):
    """Already issued, no template, or no longer completed: nothing to do. A template whose text
    cannot be filled is logged, so the failure of automatic issuing is not silent."""
    try:
        with translation.override("vi"):
            function(*args)
    except services.CertificateError as exc:
        if exc.code in services.TEMPLATE_ERRORS:
            logger.warning("Automatic certificate issuing failed: %s", exc.code)


@task()
def render_certificate_task(certificate_id, force=False):
    with translation.override("vi"):
        services.render(certificate_id, force=force)


@task()
def bulk_print_task(job_id):
    with translation.override("vi"):
        services.run_bulk_print(job_id)


@task()
def issue_for_registration_task(registration_id):
    from django.apps import apps

    Registration = apps.get_model("courses", "Registration")
    registration = (
        Registration.objects.select_related("course", "person", "person__unit")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return
    _issue(services.issue_for_registration, registration)


@task()
def issue_for_round_task(round_id):
    from django.apps import apps

    Round = apps.get_model("contests", "Round")
    round_ = Round.objects.select_related("contest").filter(pk=round_id).first()
    if round_ is None:
        return
    _issue(services.issue_for_round, round_)
