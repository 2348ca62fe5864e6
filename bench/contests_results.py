"""Benchmark: computing a round's results for 100,000 attempts against a plain SQL ORDER BY of the
same rows (fetched), in the same run: the first computation, computing again with nothing changed,
and computing again after an entry near the top is voided (the 10th, 20th, 30th). On PostgreSQL it also counts the
attempt rows each computation wrote (a row rewritten gets a new `ctid`).

Run from the repository root:  python -m bench.contests_results  [--attempts 100000]
Uses a fresh test database (SQLite file, or PostgreSQL when DATABASE_URL is set).
"""

import argparse
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")

import django

django.setup()

from bench._contests import closed_round  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.attempts, args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(count, repeat):
    from django.db import connection

    from contests import services
    from contests.models import Attempt

    started = time.perf_counter()
    round_ = closed_round(count)
    table = Attempt._meta.db_table
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        # Statistics as autovacuum would have them on a live site, for both sides alike.
        cursor.execute("VACUUM ANALYZE" if postgres else "ANALYZE")
    print(f"{count} attempts created in {time.perf_counter() - started:.1f}s ({connection.vendor})")

    def plain_order_by():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, score, prediction, duration_ms, submitted_at FROM {table} "
                "WHERE round_id = %s ORDER BY score DESC, ABS(prediction - %s) ASC, "
                "duration_ms ASC, submitted_at ASC, id ASC",
                [round_.pk, 5000],
            )
            return len(cursor.fetchall())

    def row_versions():
        if not postgres:
            return None
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, ctid::text FROM {table} WHERE round_id = %s", [round_.pk])
            return dict(cursor.fetchall())

    def written(before):
        if before is None:
            return "n/a"
        after = row_versions()
        return sum(1 for pk, version in after.items() if before.get(pk) != version)

    def timed(action):
        before = row_versions()
        t = time.perf_counter()
        action()
        return time.perf_counter() - t, written(before)

    def reset():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET counted = FALSE, rank = NULL WHERE round_id = %s", [round_.pk]
            )
            if postgres:
                cursor.execute("VACUUM ANALYZE")

    plain = []
    for _ in range(repeat):
        t = time.perf_counter()
        assert plain_order_by() == count
        plain.append(time.perf_counter() - t)
    plain = min(plain)

    def compute():
        services.compute_results(round_)

    first = []
    for _ in range(repeat):
        reset()
        first.append(timed(compute))
    # The first computation changed every row: autovacuum analyzes the table after that on a
    # live site (10 % of the rows changed), long before anyone voids an entry.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    again = [timed(compute) for _ in range(repeat)]

    def void_rank(rank):
        # Void the entry ranked `rank`: everyone after it moves up one place.
        entry = Attempt.objects.get(round=round_, counted=True, rank=rank).entry
        return lambda: services.void_entry(entry, "Khai sai thông tin (đo)")

    voided = [timed(void_rank(10 * (n + 1))) for n in range(repeat)]
    ranked = Attempt.objects.filter(round=round_, rank__isnull=False).count()
    assert ranked == count - repeat, ranked

    def line(label, result):
        seconds, rows = result
        print(
            f"{label:<52} {seconds * 1000:8.1f} ms  ratio {seconds / plain:5.2f}  rows written {rows}"
        )

    print(f"{'plain SQL ORDER BY (fetch all rows)':<52} {plain * 1000:8.1f} ms")
    line("compute_results, first time (every rank new)", min(first, key=lambda r: r[0]))
    line("compute_results again, nothing changed", min(again, key=lambda r: r[0]))
    line("void_entry of the 10th/20th/30th + recompute", min(voided, key=lambda r: r[0]))


if __name__ == "__main__":
    main()
