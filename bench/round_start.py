"""Round-start load test: thousands of entrants log in, start within a minute, answer every
question with autosave and submit, against gunicorn workers on PostgreSQL and Redis, driven by
Locust (bench/locust_round.py). Prints p50/p95/p99 per step, the errors, and how many attempts
were graded exactly once, checked in the database afterwards.

Needs the "bench" extra (Locust), PostgreSQL and Redis. Run from the repository root:

    python -m bench.round_start --users 2000 --ramp 60 --think 10 --workers 4 \\
        --database postgres://postgres@127.0.0.1:5432/quiz_load --redis redis://127.0.0.1:6379/9

The database named in --database is dropped and created anew (a name of its own, never the
site's); the Redis database given is emptied. `python -m bench` leaves this one out: it runs for
minutes and needs the services.
"""

import argparse
import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "bench.round_settings"
PASSWORD = "Mat-khau-do-tai-2026"
EMAIL_FORMAT = "entrant{n}@round.bench"
SLUG = "do-tai-vong"
QUESTIONS = 15


def server_env(args):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=args.database,
        REDIS_URL=args.redis,
        SECRET_KEY="round-start-load-test-only-0123456789abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        TRUSTED_PROXY_COUNT="1",
        ROUND_FAST_PASSWORDS="1" if args.fast_passwords else "0",
        PYTHONPATH=str(ROOT),
    )
    return env


def recreate_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"Refusing to recreate the database {name!r}: name one for this test.")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def seed(users):
    """Questions, a contest with a round open now (15 questions by blueprint, 30 minutes), and
    `users` entered people with verified addresses and one password. Returns the round."""
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.core.cache import cache
    from django.utils import timezone

    from accounts.models import Unit, User
    from bench._contests import open_round, question_bank
    from contests.models import Entry

    cache.clear()
    question_bank(90, text="Câu hỏi đo tải số {n}: thủ tục nào đúng?")
    contest, group, round_ = open_round(
        title="Đo tải: mở vòng thi",
        slug=SLUG,
        round_title="Vòng đo tải",
        opened_ago=timedelta(minutes=5),
        time_limit_minutes=30,
        attempts_allowed=1,
        blueprint=[3, 2, 2, 2, 2, 2, 2],
    )
    now = timezone.now()
    units = [
        Unit.objects.create(code=f"DT{n}", name=f"Đơn vị đo tải {n}", kind="commune", headcount=500)
        for n in range(20)
    ]
    # One hash for everyone: hashing 2,000 passwords one by one would take longer than the test.
    password = make_password(PASSWORD)
    User.objects.bulk_create(
        (
            User(
                email=EMAIL_FORMAT.format(n=n),
                full_name=f"Thí sinh đo tải {n}",
                unit=units[n % len(units)],
                password=password,
            )
            for n in range(users)
        ),
        batch_size=1000,
    )
    people = list(User.objects.filter(email__endswith="@round.bench").order_by("pk"))
    EmailAddress.objects.bulk_create(
        (EmailAddress(user=p, email=p.email, verified=True, primary=True) for p in people),
        batch_size=1000,
    )
    Entry.objects.bulk_create(
        (
            Entry(
                contest=contest,
                person=p,
                group=group,
                unit=p.unit,
                full_name=p.full_name,
                consented_at=now,
            )
            for p in people
        ),
        batch_size=1000,
    )
    return round_


def graded_once(round_, users):
    """(entrants whose one attempt was graded exactly once and consistently, details)."""
    from django.db.models import Count, F, Q

    from contests.models import Answer, Attempt, Entry

    entries = Entry.objects.filter(contest=round_.contest).annotate(
        tries=Count("attempts", filter=Q(attempts__round=round_))
    )
    several = entries.filter(tries__gt=1).count()
    attempts = Attempt.objects.filter(round=round_)
    graded = attempts.filter(
        status=Attempt.Status.SUBMITTED, score__isnull=False, correct_count__isnull=False
    )
    ungraded_answers = Answer.objects.filter(attempt__in=graded, is_correct__isnull=True).count()
    late_answers = Answer.objects.filter(
        attempt__in=graded, saved_at__gt=F("attempt__submitted_at")
    ).count()
    mismatched = (
        graded.annotate(right=Count("answers", filter=Q(answers__is_correct=True)))
        .exclude(right=F("correct_count"))
        .count()
    )
    ok = graded.count() if not (ungraded_answers or late_answers or mismatched or several) else 0
    details = {
        "attempts": attempts.count(),
        "graded": graded.count(),
        "open": attempts.filter(status=Attempt.Status.OPEN).count(),
        "entrants with more than one attempt": several,
        "answers of graded attempts not graded": ungraded_answers,
        "answers saved after the submission": late_answers,
        "attempts whose count disagrees with their answers": mismatched,
        "answers stored": Answer.objects.filter(attempt__round=round_).count(),
    }
    return ok, details


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The servers did not answer {url} in {seconds}s.")


def report(stats_csv, users, ok, details, started, finished, args):
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    cores = os.cpu_count() or 1
    print()
    print(
        f"{users} entrants, ramp {args.ramp}s, think {args.think}s, {args.workers} gunicorn "
        f"workers, {cores} cores (shared with PostgreSQL, Redis and Locust); "
        f"passwords: {'fast hasher (bench only)' if args.fast_passwords else 'production hasher'}"
    )
    print(
        f"{'step':<16}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>8}"
    )
    total_errors = 0
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all"
        errors = int(row["Failure Count"])
        if row["Name"] != "Aggregated":
            total_errors += errors
        print(
            f"{name:<16}{row['Request Count']:>9}{errors:>8}{row['50%']:>9}{row['95%']:>9}"
            f"{row['99%']:>9}{float(row['Requests/s']):>8.1f}"
        )
    print(f"errors: {total_errors}")
    print(
        f"graded once: {ok}/{users} ({100 * ok / users:.1f}%); run took {finished - started:.0f}s"
    )
    for key, value in details.items():
        print(f"  {key}: {value}")
    print(f"entrants per core: {users / cores:.0f} ({users} on {cores} cores)")
    return total_errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--ramp", type=float, default=60, help="seconds to start every entrant")
    parser.add_argument("--think", type=float, default=10, help="mean seconds between answers")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--database", default="postgres://postgres@127.0.0.1:5432/quiz_load", help="recreated"
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9", help="emptied")
    parser.add_argument(
        "--fast-passwords",
        action="store_true",
        help="a fast password hasher in the servers (production's costs a core ~0.5s per login)",
    )
    args = parser.parse_args()
    env = server_env(args)
    os.environ.update(env)
    print("Recreating the database and migrating…", flush=True)
    recreate_database(args.database)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    print(f"Seeding {args.users} entrants…", flush=True)
    round_ = seed(args.users)
    from django.db import connections

    connections.close_all()
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "training_site.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--backlog",
            "4096",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        host = f"http://127.0.0.1:{args.port}"
        wait_for(f"{host}/healthz")
        with tempfile.TemporaryDirectory() as folder:
            prefix = Path(folder) / "round"
            locust_env = {
                **env,
                "ROUND_SLUG": SLUG,
                "ROUND_ID": str(round_.pk),
                "ROUND_PASSWORD": PASSWORD,
                "ROUND_EMAIL_FORMAT": EMAIL_FORMAT,
                "ROUND_THINK": str(args.think),
                "ROUND_USERS": str(args.users),
            }
            # Bounded: the ramp, every answer's reading time at its longest, and a margin.
            run_time = int(args.ramp + QUESTIONS * args.think * 1.5 + 600)
            print(f"Running Locust (at most {run_time}s)…", flush=True)
            started = time.monotonic()
            subprocess.run(
                [
                    str(Path(sys.executable).parent / "locust"),
                    "-f",
                    str(ROOT / "bench" / "locust_round.py"),
                    "--headless",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    f"{args.users / args.ramp:.2f}",
                    "--host",
                    host,
                    "--run-time",
                    f"{run_time}s",
                    "--stop-timeout",
                    "120",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env=locust_env,
                check=False,
            )
            finished = time.monotonic()
            ok, details = graded_once(round_, args.users)
            errors = report(
                Path(f"{prefix}_stats.csv"), args.users, ok, details, started, finished, args
            )
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=60)
    return 0 if errors == 0 and ok == args.users else 1


if __name__ == "__main__":
    sys.exit(main())
