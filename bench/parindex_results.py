"""PAR index results (total, index, rank with ties, band per unit) for the size of the largest
provinces' commune level, against a plain SUM … GROUP BY over the same score rows.

    python -m bench.parindex_results                       # SQLite (a throwaway test database)
    DATABASE_URL=postgres://... python -m bench.parindex_results

Options: --units (default 3500), --subs (default 60), --repeat (default 5). Goal: ratio ≤ 2.

Then the set is published and the public ranking page is timed with its body cache empty and
full (and its query count printed); `--report` also times the printable PDF report once.
"""

import argparse
import datetime
import os
import random
import statistics
import time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")

import django

django.setup()


def build(units, subs):
    from accounts.models import Unit
    from parindex import services
    from parindex.models import Area, Band, Criterion, IndexSet, Level, Score, SubCriterion

    level = Level.objects.create(code="bench", name="Cấp xã (benchmark)")
    # Points are stored with two decimals: round each and give the last the rest, so the
    # maxima add up to 100 exactly on every database (PostgreSQL rounds 100/60 on write).
    points = (Decimal(100) / subs).quantize(Decimal("0.01"))
    maxima = [points] * (subs - 1) + [Decimal(100) - points * (subs - 1)]
    total = Decimal(100)
    index_set = IndexSet.objects.create(year=2026, level=level, title="Benchmark", max_total=total)
    for order, (label, minimum) in enumerate(
        [("Tốt", 80), ("Khá", 65), ("Trung bình", 50), ("Yếu", 0)]
    ):
        Band.objects.create(index_set=index_set, label=label, min_index=minimum, sort_order=order)
    area = Area.objects.create(index_set=index_set, number="I", title="A", max_points=total)
    criterion = Criterion.objects.create(area=area, number="1", title="C", max_points=total)
    SubCriterion.objects.bulk_create(
        SubCriterion(
            criterion=criterion,
            area=area,
            index_set=index_set,
            number=f"1.{i}",
            title="S",
            max_points=maxima[i],
            sort_order=i,
        )
        for i in range(subs)
    )
    Unit.objects.bulk_create(
        Unit(code=f"B{i:05d}", name=f"Xã {i}", name_folded=f"xa {i}", kind="commune")
        for i in range(units)
    )
    units_qs = list(Unit.objects.filter(code__startswith="B"))
    services.open_assessments(index_set, units_qs)
    rng = random.Random(7)
    rows = list(Score.objects.filter(assessment__index_set=index_set).only("pk"))
    for score in rows:
        score.self_score = Decimal(rng.randint(0, 100)) / 100
        if rng.random() < 0.2:
            score.appraised_score = Decimal(rng.randint(0, 100)) / 100
    Score.objects.bulk_update(rows, ["self_score", "appraised_score"], batch_size=5000)
    return index_set, len(rows)


def best_of(repeat, function):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def public_page(index_set, repeat, report):
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from parindex import public_pages, services
    from parindex import report as reports

    index_set.explanation_closes_at = timezone.now() - datetime.timedelta(days=1)
    index_set.save(update_fields=["explanation_closes_at"])
    services.publish(index_set, None, now=timezone.now())
    index_set.refresh_from_db()
    client = Client()
    url = reverse("parindex:results", args=[index_set.year, index_set.level.code])
    client.get(url)  # warm the site-wide caches

    def cold():
        public_pages.purge()
        assert client.get(url).status_code == 200

    def warm():
        assert client.get(url).status_code == 200

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        cold()
    cold_best, _median = best_of(repeat, cold)
    warm_best, _median = best_of(repeat, warm)
    print(
        f"ranking page, body rendered:           best {cold_best * 1000:8.1f} ms"
        f"  ({len(queries)} queries)"
    )
    print(f"ranking page, body from the cache:     best {warm_best * 1000:8.1f} ms")
    if report:
        start = time.perf_counter()
        data = reports.render_report(index_set)
        print(
            f"printable report (PDF, {len(data) // 1024} KiB):      "
            f"      {(time.perf_counter() - start) * 1000:8.1f} ms"
        )


def run(units, subs, repeat, report=False):
    from django.db import connection

    from parindex import services
    from parindex.models import Score

    index_set, count = build(units, subs)
    table = Score._meta.db_table
    sql = (
        f"SELECT assessment_id, SUM(COALESCE(final_score, appraised_score, self_score, 0))"
        f" FROM {table} GROUP BY assessment_id"
    )

    def plain():
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    def ours():
        return services.results(index_set)

    assert len(plain()) == len(ours()) == units
    plain_best, plain_median = best_of(repeat, plain)
    ours_best, ours_median = best_of(repeat, ours)
    print(f"{units} units × {subs} sub-criteria = {count} score rows ({connection.vendor})")
    print(
        f"plain SUM … GROUP BY:                  best {plain_best * 1000:8.1f} ms  median {plain_median * 1000:8.1f} ms"
    )
    print(
        f"results (totals, index, rank, band):   best {ours_best * 1000:8.1f} ms  median {ours_median * 1000:8.1f} ms"
        f"  ratio {ours_best / plain_best:.2f} (goal ≤ 2)"
    )
    public_page(index_set, repeat, report)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=3500)
    parser.add_argument("--subs", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--report", action="store_true", help="also time the PDF report")
    args = parser.parse_args()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.units, args.subs, args.repeat, args.report)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
