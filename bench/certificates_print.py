"""Benchmark: certificate rendering against bare WeasyPrint on the same HTML, in the same run.

    python -m bench.certificates_print [--count 200] [--memory 1000]

1. One certificate: pdfs.render() (HTML from the database, QR code, local-only fetcher,
   storage) against weasyprint.HTML(string=<the same HTML, file:// URLs>).write_pdf().
2. Bulk printing per certificate: printing.run_bulk_print() (one PDF of all pages, plus the
   ZIP of single PDFs) against bare WeasyPrint rendering the same pages as one document.
3. Memory while printing 1,000 and 5,000 certificates, each measurement in its own child
   process: bare WeasyPrint laying out every page as one document (what bulk printing did before
   it worked in chunks) against printing.run_bulk_print(); the peak RSS (ru_maxrss) and the RSS
   the worker still holds afterwards. Stored single PDFs are copies of one rendered file, as
   rendering 5,000 singles first would only time something else.
Goals: single <= 1.2x, bulk <= 1.5x per page (<= 1.2x for the layout), peak <= 400 MB for 1,000
and the same for 5,000.
"""

import argparse
import gc
import os
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
    from django.test.utils import override_settings, setup_test_environment

    # Before django.setup(): the models' file fields resolve their storage when imported, and
    # must get these. Files go to disk (in memory they would count in the RSS measured here);
    # rendering is timed explicitly here, not as a side effect of issuing.
    override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
        STORAGES={
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": MEDIA},
            },
            "private": {
                "BACKEND": "common.storage.PrivateFileSystemStorage",
                "OPTIONS": {"location": f"{MEDIA}/private"},
            },
        },
        MEDIA_ROOT=MEDIA,
    ).enable()
    django.setup()
    setup_test_environment()
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
    return html.replace("local:static/", static).replace(
        "local:private/", f"file://{MEDIA}/private/"
    )


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


def status_kb(field):
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, in kB (Linux)."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


def reset_peak():
    """Start the peak (VmHWM) afresh, so setting up the database does not count (Linux >= 4.0)."""
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")


def make_light_certificates(count):
    """`count` certificates whose stored PDF is a copy of one rendered file (fast to set up)."""
    from certificates import pdfs
    from certificates.models import Certificate

    first = pdfs.render(make_certificates(1)[0].pk)
    skip = {"id", "code", "serial", "serial_no", "register_no", "register_number", "source_id"}
    copied = {
        f.attname: getattr(first, f.attname)
        for f in Certificate._meta.concrete_fields
        if f.attname not in skip
    }
    rows = []
    for i in range(1, count):
        copied["holder_name"] = f"Nguyễn Thị Ngọc Ánh Dương Số {i}"
        rows.append(
            Certificate(
                **copied,
                source_id=10_000_000 + i,
                serial_no=first.serial_no + i,
                serial=f"{first.serial}-{i}",
                register_no=first.register_no + i,
                register_number=f"{first.register_number}-{i}",
                code=f"bench{i:010d}",
            )
        )
    Certificate.objects.bulk_create(rows, batch_size=500)


def memory_child(count, how):
    setup_django()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    make_light_certificates(count)

    from certificates import printing, rendering
    from certificates.models import BulkPrintJob

    gc.collect()
    before = status_kb("VmRSS")
    reset_peak()
    start = time.perf_counter()
    if how == "bare":
        pages = [rendering.page_for(c) for c in printing.certificates_to_print("course:1")]
        size = len(bare_render(rendering.build_html(pages, **rendering._metadata(pages))))
        del pages
    else:
        job = BulkPrintJob.objects.create(group_key="course:1", label="bench", total=count)
        printing.run_bulk_print(job.pk)
        job.refresh_from_db()
        assert job.status == "done", job.error
        size = job.pdf.size
    elapsed = time.perf_counter() - start
    peak = status_kb("VmHWM")
    gc.collect()
    print(f"{before} {peak} {status_kb('VmRSS')} {elapsed:.2f} {size}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--memory", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--memory-child", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--how", default="ours", help=argparse.SUPPRESS)
    parser.add_argument(
        "--bare-up-to",
        type=int,
        default=1000,
        help="measure the one-document baseline only up to this many certificates (it needs GBs)",
    )
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child, args.how)
        return
    out = sys.stdout.write
    setup_django()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    if args.count:  # --count 0: the memory figures only
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
    for count in args.memory:
        figures = {}
        for how in ("bare", "ours") if count <= args.bare_up_to else ("ours",):
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.certificates_print",
                    "--memory-child",
                    str(count),
                    "--how",
                    how,
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            before, peak, kept, elapsed, size = result.stdout.strip().splitlines()[-1].split()
            figures[how] = float(elapsed)
            name = "bare WeasyPrint, one document" if how == "bare" else "bulk print, chunked"
            out(
                f"memory, {count} certificates, {name}: peak RSS {int(peak) / 1024:.0f} MB"
                f" (before printing {int(before) / 1024:.0f} MB), held afterwards {int(kept) / 1024:.0f} MB,"
                f" {float(elapsed) * 1000 / count:.1f} ms/cert, PDF {int(size) / 1e6:.1f} MB\n"
            )
        if "bare" not in figures:
            continue
        out(
            f"memory, {count} certificates: time per page chunked / one document"
            f" {figures['ours'] / figures['bare']:.2f}x (goal <= 1.2x; ours includes the ZIP)\n"
        )


if __name__ == "__main__":
    main()
