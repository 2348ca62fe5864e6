"""Each certificate's stored PDF: rendered after its issue commits, again when its status changes,
and never handed out while it shows another status than the certificate's."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from . import rendering
from .models import Certificate


def render(certificate_id, *, force=False):
    """Render and store a certificate's PDF; only when missing unless `force`."""
    certificate = Certificate.objects.select_related("template").get(pk=certificate_id)
    if certificate.pdf and not force:
        return certificate
    data = rendering.render_certificates([certificate])
    old_name = certificate.pdf.name if certificate.pdf else ""
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(data), save=False)
    certificate.rendered_at = timezone.now()
    # The status read above is the one printed; a revocation committed meanwhile leaves the two
    # different, and current_pdf() renders again.
    certificate.pdf_status = certificate.status
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf=certificate.pdf.name,
        rendered_at=certificate.rendered_at,
        pdf_status=certificate.pdf_status,
    )
    if old_name and old_name != certificate.pdf.name:
        certificate.pdf.storage.delete(old_name)
    return certificate


def current_pdf(certificate):
    """`certificate` with a stored PDF that prints its current status: a revoked or replaced
    certificate is never handed out on a PDF that still looks valid, even if the task that
    stamps it has not run yet (or failed)."""
    if certificate.pdf and certificate.pdf_status == certificate.status:
        return certificate
    return render(certificate.pk, force=True)


@task()
def render_certificate_task(certificate_id, force=False):
    with translation.override("vi"):
        render(certificate_id, force=force)


def render_after_commit(certificate_id, *, force=False):
    """Rendering is slow and must see the committed row: it runs in a task after commit."""
    transaction.on_commit(lambda: render_certificate_task.enqueue(certificate_id, force=force))
