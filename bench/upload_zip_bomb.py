"""Benchmark: refusing the .xlsx zip bomb against reading an honest workbook, in the same run.

    python -m bench.upload_zip_bomb

1. Baseline: read_table() on an honest 1,000-row workbook (what an import costs anyway).
2. The bomb (about 60 KB that unpack to 400,000 rows), refused by its packing.
3. The same rows packed loosely enough to pass the ratio check and declaring no dimension:
   refused by the row count before openpyxl opens the sheet.
Goal: each refusal well under a second of CPU (read whole, the bomb takes tens of seconds).
"""

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")


def cpu(function, repeat=5):
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best


def main():
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from common import spreadsheets
    from common.spreadsheets import TableError, read_table
    from tests.security.bombs import sheet_xml, xlsx_bomb, xlsx_bytes

    honest = xlsx_bytes(sheet_xml(1_000))
    bomb = xlsx_bomb()
    undeclared = xlsx_bomb(declare_dimension=False)

    def refused(data):
        def run():
            try:
                read_table(SimpleUploadedFile("bom.xlsx", data))
            except TableError:
                return
            raise AssertionError("the bomb was read")

        return run

    baseline = cpu(lambda: read_table(SimpleUploadedFile("ok.xlsx", honest)))
    by_ratio = cpu(refused(bomb))
    spreadsheets.MAX_COMPRESSION_RATIO = 10**9  # let the row count do the refusing
    by_rows = cpu(refused(undeclared))
    print(f"bomb: {len(bomb) / 1024:.0f} KB, 400,000 rows")
    print(f"baseline, honest 1,000-row workbook: {baseline * 1000:.1f} ms CPU")
    print(f"bomb refused by packing: {by_ratio * 1000:.1f} ms CPU ({by_ratio / baseline:.2f}x)")
    print(f"bomb refused by row count: {by_rows * 1000:.1f} ms CPU ({by_rows / baseline:.2f}x)")


if __name__ == "__main__":
    main()
