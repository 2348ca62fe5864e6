"""Bulk printing: every valid certificate of a print group (a course, a contest round) as ONE
WeasyPrint document, with progress from WeasyPrint's layout log, and a ZIP of single PDFs."""

import contextlib
import ctypes
import ctypes.util
import gc
import logging
import re
import shutil
import tempfile
import threading
import zipfile
from pathlib import Path

import weasyprint
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task
from wagtail.log_actions import log

from . import rendering, sources
from .errors import MESSAGES, CertificateError
from .models import BulkPrintJob, Certificate
from .pdfjoin import PdfJoiner
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
    """Render all certificates of a job into one PDF and a ZIP of single PDFs, in constant memory:
    pages are laid out in chunks of CHUNK certificates, each chunk written to a temporary file and
    appended to the combined PDF, and both files are streamed to storage from disk."""
    job = BulkPrintJob.objects.get(pk=job_id)
    BulkPrintJob.objects.filter(pk=job.pk).update(status=BulkPrintJob.Status.RUNNING, done=0)
    ids = list(certificates_to_print(job.group_key).values_list("pk", flat=True))
    if not ids:
        BulkPrintJob.objects.filter(pk=job.pk).update(
            status=BulkPrintJob.Status.FAILED, error=str(MESSAGES["empty_print"])
        )
        return job
    with tempfile.TemporaryDirectory(prefix="bulk-print-") as folder:
        folder = Path(folder)
        try:
            pdf_path = _combined_pdf(job, ids, folder)
            zip_path = _zip_of_singles(ids, folder)
        except Exception as exc:
            BulkPrintJob.objects.filter(pk=job.pk).update(
                status=BulkPrintJob.Status.FAILED, error=type(exc).__name__
            )
            raise
        job.refresh_from_db()
        with pdf_path.open("rb") as pdf, zip_path.open("rb") as archive:
            job.pdf.save(f"chung-nhan-{job.pk}.pdf", File(pdf), save=False)
            job.zip_file.save(f"chung-nhan-{job.pk}.zip", File(archive), save=False)
    job.status = BulkPrintJob.Status.DONE
    job.done = len(ids)
    job.total = len(ids)
    job.finished_at = timezone.now()
    job.save(update_fields=["pdf", "zip_file", "status", "done", "total", "finished_at"])
    _give_memory_back()
    return job


# Certificates laid out together: one WeasyPrint document loads the fonts, styles and images once
# for all its pages, so bigger chunks are faster per page, and the layout of a chunk is what the
# worker holds in memory (about 1 MB per certificate), so smaller chunks keep the peak low.
CHUNK = 100


def _chunks(ids, size):
    for start in range(0, len(ids), size):
        yield start, ids[start : start + size]


class _LayoutProgress(logging.Handler):
    """Counts pages as WeasyPrint lays them out (its progress log), for this thread only, and
    stores the count on the job now and then: progress inside a chunk, not only between them."""

    def __init__(self, job_id, total):
        super().__init__(logging.INFO)
        self.job_id, self.total = job_id, total
        self.thread = threading.get_ident()
        self.every = max(1, total // 50)
        self.offset = 0
        self.last = 0

    def emit(self, record):
        if record.thread != self.thread:
            return
        match = re.search(r"Creating layout - Page (\d+)", record.getMessage())
        if not match:
            return
        done = self.offset + int(match.group(1))
        if done - self.last >= self.every:
            self.last = done
            BulkPrintJob.objects.filter(pk=self.job_id).update(done=min(done, self.total - 1))


def _combined_pdf(job, ids, folder):
    """One PDF of every certificate, in register order. Each chunk is its own WeasyPrint document
    written to disk and dropped before the next is laid out; the chunks are then joined into one
    file written as it goes (pdfjoin: objects copied one at a time, streams never decoded)."""
    progress = _LayoutProgress(job.pk, len(ids))
    progress_logger = logging.getLogger("weasyprint.progress")
    old_level = progress_logger.level
    progress_logger.addHandler(progress)
    if not progress_logger.isEnabledFor(logging.INFO):
        progress_logger.setLevel(logging.INFO)
    parts = []
    try:
        for start, chunk in _chunks(ids, CHUNK):
            progress.offset = start
            parts.append(_render_chunk(chunk, folder / f"part-{start:07d}.pdf"))
            gc.collect()
    finally:
        progress_logger.removeHandler(progress)
        progress_logger.setLevel(old_level)
    first = Certificate.objects.select_related("template").get(pk=ids[0])
    metadata = rendering._metadata([rendering.page_for(first)] * len(ids))
    combined = folder / "combined.pdf"
    with combined.open("wb") as handle:
        joiner = PdfJoiner(handle)
        for part in parts:
            joiner.add(part)
            part.unlink()
        joiner.close(**metadata)
    return combined


def _render_chunk(chunk_ids, path):
    by_pk = Certificate.objects.select_related("template").in_bulk(chunk_ids)
    pages = [rendering.page_for(by_pk[pk]) for pk in chunk_ids if pk in by_pk]
    html = rendering.build_html(pages, **rendering._metadata(pages))
    document = weasyprint.HTML(
        string=html, base_url=None, url_fetcher=rendering.LocalOnlyFetcher()
    ).render()
    path.write_bytes(rendering.write_pdf(document))
    return path


def _zip_of_singles(ids, folder):
    """The ZIP holds each certificate's own stored PDF, the very file rendered when it was issued
    (rendered now only if missing or out of date), so the archive costs no second layout pass.
    Files are copied from storage into the archive on disk, one at a time."""
    path = folder / "singles.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for _start, chunk in _chunks(ids, CHUNK):
            by_pk = Certificate.objects.select_related("template").in_bulk(chunk)
            for pk in chunk:
                if pk not in by_pk:
                    continue
                certificate = current_pdf(by_pk[pk])
                with (
                    certificate.pdf.open("rb") as source,
                    archive.open(f"{certificate.serial}.pdf", "w") as target,
                ):
                    shutil.copyfileobj(source, target, 1024 * 1024)
    return path


def _give_memory_back():
    """Layout leaves many small freed blocks that glibc keeps for the process; hand them back so
    a worker that printed once does not hold the memory until it is restarted."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
