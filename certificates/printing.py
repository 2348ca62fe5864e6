"""Bulk printing: every valid certificate of a print group (a course, a contest round) as ONE
WeasyPrint document, with progress from WeasyPrint's layout log, and a ZIP of single PDFs."""

import io
import logging
import re
import threading
import zipfile

import weasyprint
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task
from wagtail.log_actions import log

from . import rendering, sources
from .errors import MESSAGES, CertificateError
from .models import BulkPrintJob, Certificate
from .pdfs import current_pdf


def print_groups():
    """(group_key, label) of every print group that has certificates, newest first."""
    keys = list(Certificate.objects.order_by().values_list("group_key", flat=True).distinct()[:500])
    keys.sort(reverse=True)
    labels = sources.group_labels(keys)
    return [(key, labels[key]) for key in keys]


def certificates_to_print(group_key):
    """Valid certificates only: a revoked or replaced one must not be printed and handed out."""
    return (
        Certificate.objects.filter(group_key=group_key, status=Certificate.Status.VALID)
        .select_related("template")
        .order_by("register_book", "register_no")
    )


def start_bulk_print(group_key, *, user=None):
    if not group_key or ":" not in group_key:
        raise CertificateError("bad_group")
    total = certificates_to_print(group_key).count()
    if total == 0:
        raise CertificateError("empty_print")
    with transaction.atomic():
        job = BulkPrintJob.objects.create(
            group_key=group_key,
            label=sources.group_label(group_key),
            requested_by=user,
            total=total,
        )
        log(job, "certificates.bulk_print", user=user, data={"total": total})
        transaction.on_commit(lambda: bulk_print_task.enqueue(job.pk))
    return job


@task()
def bulk_print_task(job_id):
    with translation.override("vi"):
        run_bulk_print(job_id)


def run_bulk_print(job_id):
    """Render all certificates of a job as ONE WeasyPrint document (fonts, styles and images
    are loaded once); the ZIP holds each certificate's own stored PDF."""
    job = BulkPrintJob.objects.get(pk=job_id)
    BulkPrintJob.objects.filter(pk=job.pk).update(status=BulkPrintJob.Status.RUNNING, done=0)
    certificates = list(certificates_to_print(job.group_key))
    if not certificates:
        BulkPrintJob.objects.filter(pk=job.pk).update(
            status=BulkPrintJob.Status.FAILED, error=str(MESSAGES["empty_print"])
        )
        return job
    try:
        pdf_bytes, zip_bytes = _bulk_render(job, certificates)
    except Exception as exc:
        BulkPrintJob.objects.filter(pk=job.pk).update(
            status=BulkPrintJob.Status.FAILED, error=type(exc).__name__
        )
        raise
    job.refresh_from_db()
    job.pdf.save(f"chung-nhan-{job.pk}.pdf", ContentFile(pdf_bytes), save=False)
    job.zip_file.save(f"chung-nhan-{job.pk}.zip", ContentFile(zip_bytes), save=False)
    job.status = BulkPrintJob.Status.DONE
    job.done = len(certificates)
    job.total = len(certificates)
    job.finished_at = timezone.now()
    job.save(update_fields=["pdf", "zip_file", "status", "done", "total", "finished_at"])
    return job


class _LayoutProgress(logging.Handler):
    """Counts pages as WeasyPrint lays them out (its progress log), for this thread only, and
    stores the count on the job now and then: progress without splitting the document."""

    def __init__(self, job_id, total):
        super().__init__(logging.INFO)
        self.job_id, self.total = job_id, total
        self.thread = threading.get_ident()
        self.every = max(1, total // 50)
        self.last = 0

    def emit(self, record):
        if record.thread != self.thread:
            return
        match = re.search(r"Creating layout - Page (\d+)", record.getMessage())
        if not match:
            return
        page = int(match.group(1))
        if page - self.last >= self.every:
            self.last = page
            BulkPrintJob.objects.filter(pk=self.job_id).update(done=min(page, self.total - 1))


def _bulk_render(job, certificates):
    pages = [rendering.page_for(c) for c in certificates]
    html = rendering.build_html(pages, **rendering._metadata(pages))
    progress = _LayoutProgress(job.pk, len(pages))
    progress_logger = logging.getLogger("weasyprint.progress")
    old_level = progress_logger.level
    progress_logger.addHandler(progress)
    if not progress_logger.isEnabledFor(logging.INFO):
        progress_logger.setLevel(logging.INFO)
    try:
        document = weasyprint.HTML(
            string=html, base_url=None, url_fetcher=rendering.LocalOnlyFetcher()
        ).render()
    finally:
        progress_logger.removeHandler(progress)
        progress_logger.setLevel(old_level)
    pdf_bytes = rendering.write_pdf(document)
    return pdf_bytes, _zip_of_singles(certificates)


def _zip_of_singles(certificates):
    """The ZIP holds each certificate's own stored PDF, the very file rendered when it was issued
    (rendered now only if missing or out of date), so the archive costs no second layout pass."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            certificate = current_pdf(certificate)
            with certificate.pdf.open("rb") as handle:
                archive.writestr(f"{certificate.serial}.pdf", handle.read())
    return buffer.getvalue()
