"""Requests per second and CPU time per request of the contests' public pages (the list of
contests, a contest's page, a round's results), served from the page cache and rendered anew,
against a minimal Django view with the same cookies, in the same run.

"Rendered" is each page as it was served before it entered the page cache: the same address
with a query parameter the cache does not know, which the middleware neither looks up nor
stores. A signed-in entrant's contest page is measured too (their status and "Start the round"
are filled into the cached copy per request).

Every endpoint is served by the same threaded WSGI server with the same settings and middleware
in the same run, so the ratios show what a page costs over Django's own floor. CPU time is each
request's own thread's (the clients run in the same process).

    python -m bench.contests_pages
    DATABASE_URL=postgres://... REDIS_URL=redis://... python -m bench.contests_pages

Options through the environment: BENCH_REQUESTS (default 1000, cached pages and the minimal
view), BENCH_RENDERED (default 200, rendered pages), BENCH_CLIENTS (default 8), BENCH_CONTESTS
(default 20, four rounds each), BENCH_PEOPLE (default 300, entrants of the measured round).
"""

import os
import threading
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path, reverse  # noqa: E402

from bench._site import in_test_database  # noqa: E402
from bench.portal_pages import get, serve  # noqa: E402
from training_site.urls import urlpatterns as site_urlpatterns  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", 1000))
RENDERED = int(os.environ.get("BENCH_RENDERED", 200))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 8))
CONTESTS = int(os.environ.get("BENCH_CONTESTS", 20))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", 300))


def minimal(request):
    """Baseline: the smallest Django response, through the same middleware."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/minimal/", minimal),
    *site_urlpatterns,
]


def rate(port, url, cookie, count):
    """GET `url` `count` times from CLIENTS threads; returns (req/s, statuses, cache states)."""
    per_client = max(count // CLIENTS, 1)
    seen_all = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS + 1)

    def worker():
        barrier.wait()
        seen = [get(port, url, cookie)[:2] for _ in range(per_client)]
        with lock:
            seen_all.extend(seen)

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    statuses = sorted({status for status, _cached in seen_all})
    states = sorted({str(cached) for _status, cached in seen_all})
    return len(seen_all) / elapsed, statuses, states


def measure(app, port, url, cookie="", count=REQUESTS):
    """(req/s, CPU ms per request, statuses, cache states) of `url` under load."""
    app.reset()
    per_second, statuses, states = rate(port, url, cookie, count)
    return per_second, app.per_request_ms(), statuses, states


def build_site():
    """CONTESTS published contests of four rounds each (one open, one opening later, two
    closed with published results), and in the first contest a round of PEOPLE entrants with
    its results computed and published. Returns (contest, results round, entrant)."""
    from django.core.cache import cache
    from django.utils import timezone

    from contests import services
    from contests.models import Round
    from tests.contests.factories import (
        ContestFactory,
        EntrantGroupFactory,
        EntryFactory,
        QuestionFactory,
        RoundFactory,
        quota,
    )
    from tests.contests.test_results import closed_round, graded

    cache.clear()
    started = time.perf_counter()
    now = timezone.now()
    for _ in range(CONTESTS - 1):
        contest = ContestFactory()
        EntrantGroupFactory(contest=contest)
        RoundFactory(contest=contest)
        RoundFactory(
            contest=contest, opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=9)
        )
        for weeks in (2, 1):
            RoundFactory(
                contest=contest,
                opens_at=now - timedelta(weeks=weeks, days=1),
                closes_at=now - timedelta(weeks=weeks),
                results_published_at=now - timedelta(days=1),
            )
    results_round, group = closed_round()
    contest = group.contest
    Round.objects.filter(pk=results_round.pk).update(closes_at=now - timedelta(days=1))
    results_round.refresh_from_db()
    quota(results_round, group, first=1, second=2, third=3, consolation=10)
    for number in range(PEOPLE):
        entry = EntryFactory(group=group)
        graded(results_round, entry, 100 - number % 50, prediction=number % 7, submitted=number)
    services.compute_results(results_round)
    services.publish_results(results_round)
    open_round = RoundFactory(contest=contest, question_count=2, attempts_allowed=3)
    RoundFactory(
        contest=contest, opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=9)
    )
    QuestionFactory()
    QuestionFactory()
    entrant = EntryFactory(group=group)
    attempt = services.start_attempt(open_round, entrant.person)
    services.submit(attempt.pk, entrant.person)
    print(f"built {CONTESTS} contests, {PEOPLE} entrants in {time.perf_counter() - started:.0f} s")
    return contest, results_round, entrant


def session_cookie(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def run():
    contest, results_round, entrant = build_site()
    cookie = session_cookie(entrant.person)
    pages = {
        "index": reverse("contests:index"),
        "detail": reverse("contests:detail", args=[contest.slug]),
        "results": reverse("contests:results", args=[contest.slug, results_round.pk]),
    }
    connection.close()  # the server threads open their own connections
    server, app = serve()
    port = server.server_address[1]
    rows = {}
    try:
        for url in pages.values():
            status, cached, _body = get(port, url)
            assert status == 200 and cached == "miss", (url, status, cached)
            assert get(port, url)[1] == "hit", url
        status, cached, body = get(port, pages["detail"], cookie)
        assert status == 200 and cached == "hit", (status, cached)
        assert "Bắt đầu làm bài" in body.decode() or "Start the round" in body.decode()

        rows["minimal, anonymous"] = measure(app, port, "/bench/minimal/")
        for name, url in pages.items():
            rows[f"{name}, cached"] = measure(app, port, url)
            rows[f"{name}, rendered"] = measure(app, port, url + "?bench=1", count=RENDERED)
        rows["minimal, signed in"] = measure(app, port, "/bench/minimal/", cookie)
        rows["detail, entrant, cached"] = measure(app, port, pages["detail"], cookie)
        rows["detail, entrant, rendered"] = measure(
            app, port, pages["detail"] + "?bench=1", cookie, count=RENDERED
        )
    finally:
        server.shutdown()
        server.server_close()

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"database: {connection.vendor}; cache: {backend}")
    print(
        f"{CLIENTS} clients; {REQUESTS} requests per cached row, {RENDERED} per rendered row; "
        f"{CONTESTS} contests, {PEOPLE} entrants in the results"
    )
    print(f"{'':28} {'req/s':>8} {'CPU ms/req':>11}  statuses  cache")
    for label, (per_second, cpu, statuses, states) in rows.items():
        print(f"{label:28} {per_second:8.1f} {cpu:11.2f}  {statuses}  {states}")
    base = rows["minimal, anonymous"]
    for name in pages:
        cached, rendered = rows[f"{name}, cached"], rows[f"{name}, rendered"]
        print(
            f"{name:8} cached: {cached[1] / base[1]:5.1f}x minimal CPU, "
            f"{cached[0] / base[0]:.2f}x its req/s | rendered: {rendered[1] / base[1]:6.1f}x CPU, "
            f"{rendered[0] / base[0]:.2f}x req/s | cached is {rendered[1] / cached[1]:.1f}x "
            f"cheaper"
        )
    base = rows["minimal, signed in"]
    cached, rendered = rows["detail, entrant, cached"], rows["detail, entrant, rendered"]
    print(
        f"detail, signed-in entrant: cached {cached[1] / base[1]:.1f}x minimal signed-in CPU, "
        f"rendered {rendered[1] / base[1]:.1f}x; cached is {rendered[1] / cached[1]:.1f}x cheaper"
    )


def main():
    return in_test_database("bench.contests_pages", run)


if __name__ == "__main__":
    main()
