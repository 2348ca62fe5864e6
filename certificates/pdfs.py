"""Each certificate's stored PDF: rendered after its issue commits, again when its status changes,
and never handed out while it shows another status than the certificate's."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
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
        first = not Certificate.objects.filter(pk=certificate_id).exclude(pdf="").exists()
        certificate = render(certificate_id, force=force)
        if first and certificate.status == Certificate.Status.VALID:
            send_ready_email(certificate)


def send_ready_email(certificate):
    """Tell the holder their new certificate can be downloaded, with the public check address
    they can give to anyone who asks (sent once: only after the first rendering)."""
    holder = certificate.holder
    if holder is None or not holder.is_active or not holder.email:
        return False
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "certificate": certificate,
        "person": holder,
        "verify_url": certificate.get_absolute_verify_url(),
        "download_url": base_url + certificate.get_download_url(),
        "mine_url": base_url + reverse("certificates:mine"),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "agency": settings.AGENCY_NAME,
    }
    subject = render_to_string("certificates/email/ready_subject.txt", context).strip()
    body = render_to_string("certificates/email/ready.txt", context)
    EmailMultiAlternatives(subject=" ".join(subject.split()), body=body, to=[holder.email]).send()
    return True


def render_after_commit(certificate_id, *, force=False):
    """Rendering is slow and must see the committed row: it runs in a task after commit."""
    transaction.on_commit(lambda: render_certificate_task.enqueue(certificate_id, force=force))
