"""Benchmark: certificate rendering against bare WeasyPrint on the same HTML, in the same run.

    python -m bench.certificates_print [--count 200] [--memory 1000]

1. One certificate: pdfs.render() (HTML from the database, QR code, local-only fetcher,
   storage) against weasyprint.HTML(string=<the same HTML, file:// URLs>).write_pdf().
2. Bulk printing per certificate: printing.run_bulk_print() (one PDF of all pages, plus the
   ZIP of single PDFs) against bare WeasyPrint rendering the same pages as one document.
3. Peak memory while printing 1,000 certificates (a child process; ru_maxrss before and after).
Goals: single <= 1.2x, bulk <= 1.5x.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")
MEDIA = tempfile.mkdtemp(prefix="bench-cert-media-")


def setup_django():
    import django
    from django.conf import settings

    django.setup()
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    # Rendering is timed explicitly here, not as a side effect of issuing; files go to disk.
    override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
        STORAGES={
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": MEDIA},
            },
        },
        MEDIA_ROOT=MEDIA,
    ).enable()
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True)


def make_certificates(count):
    from django.core.files.base import ContentFile

    from certificates import pdfs, services
    from certificates.models import CertificateTemplate
    from demo.seeders import certificates as demo
    from tests.factories import UserFactory

    template = CertificateTemplate.objects.create(
        name="Bench",
        agency="Sở Nội vụ tỉnh An Lạc",
        parent_agency="Ủy ban nhân dân tỉnh An Lạc",
        agency_code="SNV",
        title="GIẤY CHỨNG NHẬN",
        body=demo.template_data("course")["body"],
        signer_title="GIÁM ĐỐC",
        signer_name="Trần Minh Quang",
    )
    template.seal.save("seal.png", ContentFile(demo.seal_png()))
    template.signature.save("signature.png", ContentFile(demo.signature_png()))
    certificates = []
    for i in range(count):
        person = UserFactory(full_name=f"Nguyễn Thị Ngọc Ánh Dương Số {i}")
        certificates.append(
            services.issue(
                template=template,
                holder=person,
                what=services.Achievement(
                    source_kind="other",
                    source_id=i,
                    group_key="course:1",
                    achievement="Lớp bồi dưỡng kiến thức cải cách hành chính năm 2026",
                    period="từ ngày 02/03/2026 đến ngày 06/03/2026",
                    grade="Giỏi",
                ),
            )
        )
    # In production each certificate's PDF is rendered after its issue commits; do the same
    # here (untimed), so bulk printing meets the state it meets in use.
    for certificate in certificates:
        pdfs.render(certificate.pk)
    return certificates


def bare_html(html):
    """The same HTML with plain file:// URLs, for WeasyPrint's own default fetcher."""
    from django.conf import settings

    static = (settings.BASE_DIR / "static").as_uri() + "/"
    return html.replace("local:static/", static).replace("local:media/", f"file://{MEDIA}/")


def bare_render(html):
    import weasyprint

    from certificates import rendering

    return rendering.write_pdf(weasyprint.HTML(string=bare_html(html), base_url=None))


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_single(certificates, repeat):
    from certificates import pdfs, rendering

    certificate = certificates[0]
    html = rendering.build_html(
        [rendering.page_for(certificate)], **rendering._metadata([rendering.page_for(certificate)])
    )
    bare_render(html)  # warm caches for both sides
    pdfs.render(certificate.pk, force=True)
    baseline = timed(lambda: bare_render(html), repeat)
    ours = timed(lambda: pdfs.render(certificate.pk, force=True), repeat)
    return baseline, ours


def bench_bulk(certificates):
    from certificates import printing, rendering
    from certificates.models import BulkPrintJob

    pages = [rendering.page_for(c) for c in printing.certificates_to_print("course:1")]
    html = rendering.build_html(pages, **rendering._metadata(pages))
    start = time.perf_counter()
    bare_render(html)
    baseline = time.perf_counter() - start
    job = BulkPrintJob.objects.create(group_key="course:1", label="bench", total=len(pages))
    start = time.perf_counter()
    printing.run_bulk_print(job.pk)
    ours = time.perf_counter() - start
    job.refresh_from_db()
    assert job.status == "done", job.error
    return baseline, ours


def memory_child(count):
    setup_django()
    make_certificates(count)
    from certificates import printing
    from certificates.models import BulkPrintJob

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    job = BulkPrintJob.objects.create(group_key="course:1", label="bench", total=count)
    start = time.perf_counter()
    printing.run_bulk_print(job.pk)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    job.refresh_from_db()
    print(f"{before} {after} {elapsed:.2f} {job.pdf.size} {job.zip_file.size}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--memory", type=int, default=1000)
    parser.add_argument("--memory-child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return
    out = sys.stdout.write
    setup_django()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    certificates = make_certificates(args.count)

    baseline, ours = bench_single(certificates, args.repeat)
    out(
        f"single certificate: bare WeasyPrint {baseline * 1000:.0f} ms, ours {ours * 1000:.0f} ms,"
        f" ratio {ours / baseline:.2f}x (goal <= 1.2x)\n"
    )
    baseline, ours = bench_bulk(certificates)
    n = args.count
    out(
        f"bulk {n}: bare one document {baseline * 1000 / n:.1f} ms/cert, ours (PDF + ZIP)"
        f" {ours * 1000 / n:.1f} ms/cert, ratio {ours / baseline:.2f}x (goal <= 1.5x)\n"
    )
    if args.memory:
        result = subprocess.run(
            [sys.executable, "-m", "bench.certificates_print", "--memory-child", str(args.memory)],
            capture_output=True,
            text=True,
            check=True,
        )
        before, after, elapsed, pdf_size, zip_size = result.stdout.strip().splitlines()[-1].split()
        out(
            f"memory, {args.memory} certificates: peak RSS {int(after) / 1024:.0f} MB"
            f" (before printing {int(before) / 1024:.0f} MB), {float(elapsed):.1f} s,"
            f" PDF {int(pdf_size) / 1e6:.1f} MB, ZIP {int(zip_size) / 1e6:.1f} MB\n"
        )


if __name__ == "__main__":
    main()
