"""Benchmark: computing a round's results for 100,000 attempts against a plain SQL ORDER BY of the
same rows (fetched), in the same run: the first computation, computing again with nothing changed,
and computing again after an entry near the top is voided (the 10th, 20th, 30th). On PostgreSQL it also counts the
attempt rows each computation wrote (a row rewritten gets a new `ctid`).

Run from the repository root:  python -m bench.contests_results  [--attempts 100000]
Uses a fresh test database (SQLite file, or PostgreSQL when DATABASE_URL is set).
"""

import argparse
import os
import random
import time
from datetime import timedelta
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")

import django

django.setup()


def build_round(count):
    """One closed round of `count` entrants in one civil servants' group (50 units), one submitted
    attempt each, scores in fifteenths (many ties), random predictions and durations."""
    from django.utils import timezone

    from accounts.models import Unit, UnitGroup, User
    from contests.models import Attempt, Audience, Contest, EntrantGroup, Entry, PrizeQuota, Round

    rng = random.Random(7)
    unit_group, _ = UnitGroup.objects.get_or_create(code="bench", defaults={"name": "Khối đo"})
    units = [
        Unit.objects.create(
            code=f"BU{n}",
            name=f"Đơn vị đo {n}",
            kind="commune",
            group=unit_group,
            headcount=2000 + n,
        )
        for n in range(50)
    ]
    contest = Contest.objects.create(
        title="Đo kết quả", slug="do-ket-qua", is_published=True, team_prizes_per_group=3
    )
    group = EntrantGroup.objects.create(
        contest=contest, name="Công chức", audience=Audience.CIVIL_SERVANTS
    )
    now = timezone.now()
    round_ = Round.objects.create(
        contest=contest,
        title="Tuần lớn",
        opens_at=now - timedelta(days=8),
        closes_at=now - timedelta(days=1),
    )
    PrizeQuota.objects.create(round=round_, group=group, first=1, second=3, third=5, consolation=20)
    User.objects.bulk_create(
        (
            User(email=f"lon{n}@bench.local", full_name=f"Thí sinh {n}", password="!")
            for n in range(count)
        ),
        batch_size=5000,
    )
    people = list(User.objects.filter(email__endswith="@bench.local").values_list("pk", flat=True))
    Entry.objects.bulk_create(
        (
            Entry(
                contest=contest,
                person_id=pk,
                group=group,
                unit=units[i % 50],
                full_name=f"Thí sinh {i}",
                consented_at=now,
            )
            for i, pk in enumerate(people)
        ),
        batch_size=5000,
    )
    entries = list(Entry.objects.filter(contest=contest).values_list("pk", flat=True))

    def attempt(entry_id):
        begun = round_.opens_at + timedelta(seconds=rng.randrange(600_000))
        duration = rng.randrange(60_000, 1_200_000)
        correct = min(15, int(rng.betavariate(5, 2) * 16))
        return Attempt(
            round=round_,
            entry_id=entry_id,
            number=1,
            status="submitted",
            started_at=begun,
            deadline=begun + timedelta(minutes=20),
            submitted_at=begun + timedelta(milliseconds=duration),
            duration_ms=duration,
            prediction=rng.randrange(0, 20_000),
            question_total=15,
            correct_count=correct,
            score=(Decimal(correct) * 100 / 15).quantize(Decimal("0.01")),
        )

    Attempt.objects.bulk_create((attempt(e) for e in entries), batch_size=5000)
    return round_


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
    round_ = build_round(count)
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
