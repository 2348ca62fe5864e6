"""Slow work of certificates, run by the task worker after the transaction that asked for it.

Rendering a certificate's PDF and bulk printing are defined next to their work (`pdfs`,
`printing`), which enqueue them; they are named here too, so this module lists every task of
the app.
"""

import logging

from django.utils import translation
from django_tasks import task

from . import sources
from .errors import TEMPLATE_ERRORS, CertificateError
from .pdfs import render_certificate_task
from .printing import bulk_print_task

__all__ = ["bulk_print_task", "issue_from_source_task", "render_certificate_task"]

logger = logging.getLogger(__name__)


@task()
def issue_from_source_task(kind, object_id):
    """Automatic issuing: the app that declared the source `kind` issues for `object_id` (the
    id its own receiver enqueued: a registration, a round). Already issued, no template, or no
    longer owed: nothing to do. A template whose text cannot be filled is logged, so the
    failure of automatic issuing is not silent."""
    try:
        source = sources.get(kind)
        if source.issue_automatically is None:
            raise CertificateError("apps_missing")
        with translation.override("vi"):
            source.issue_automatically(object_id)
    except CertificateError as error:
        if error.code in TEMPLATE_ERRORS:
            logger.warning("Automatic certificate issuing failed: %s", error.code)
        elif error.code == "apps_missing":
            logger.warning("Automatic certificate issuing: no source of kind %r", kind)
