"""Requests per second and CPU time per request of an article page, anonymous and signed in,
cached and uncached, against a minimal Django view with the same cookies, with 1,000 articles
in the database; and, in the same run, a signed-in article the way it was served before the
page cache served signed-in readers (PORTAL_PAGE_CACHE_SIGNED_IN off).

Every endpoint is served by the same threaded WSGI server with the same settings and middleware
in the same run, so the ratios show what a page costs over Django's own floor. CPU time is each
request's own thread's (the clients run in the same process). The cached rows are measured in
alternating turns (the minimal view, then the article, anonymous and signed in), and each figure
is the median over the turns, so a slow moment of a noisy machine weighs on one turn only.

    python -m bench.portal_pages
    DATABASE_URL=postgres://... REDIS_URL=redis://... python -m bench.portal_pages

Options through the environment: BENCH_REQUESTS (default 2000), BENCH_CLIENTS (default 8),
BENCH_ARTICLES (default 1000), BENCH_UNCACHED (default 50), BENCH_TURNS (default 3).
"""

import http.client
import os
import statistics
import threading
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

from bench._site import in_test_database, news_site  # noqa: E402
from training_site.urls import urlpatterns as site_urlpatterns  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", 2000))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 8))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", 1000))
UNCACHED = int(os.environ.get("BENCH_UNCACHED", 50))
TURNS = int(os.environ.get("BENCH_TURNS", 3))


def minimal(request):
    """Baseline: the smallest Django response, through the same middleware."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/minimal/", minimal),
    *site_urlpatterns,
]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class TimedApp:
    """The WSGI application, adding up the CPU time each request takes in its thread (the
    clients run in the same process, so the process's CPU time would count them too)."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.cpu = 0.0
            self.count = 0

    def __call__(self, environ, start_response):
        started = time.thread_time()
        result = self.app(environ, start_response)
        spent = time.thread_time() - started
        with self.lock:
            self.cpu += spent
            self.count += 1
        return result

    def per_request_ms(self):
        return self.cpu / max(self.count, 1) * 1000


def serve():
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    app = TimedApp(WSGIHandler())
    server.set_app(app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, app


def get(port, url, cookie=""):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "localhost"}
    if cookie:
        headers["Cookie"] = cookie
    conn.request("GET", url, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, response.getheader("X-Portal-Cache"), body


def rate(port, url, cookie=""):
    """GET `url` REQUESTS times from CLIENTS threads; returns (req/s, statuses)."""
    per_client = REQUESTS // CLIENTS
    statuses = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS + 1)

    def worker():
        barrier.wait()
        seen = []
        for _ in range(per_client):
            seen.append(get(port, url, cookie)[0])
        with lock:
            statuses.extend(seen)

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return len(statuses) / (time.perf_counter() - started), sorted(set(statuses))


def measure(app, port, url, cookie=""):
    """(req/s, CPU ms per request, statuses) of `url` under load."""
    app.reset()
    per_second, statuses = rate(port, url, cookie)
    return per_second, app.per_request_ms(), statuses


def main():
    return in_test_database("bench.portal_pages", run)


def build_site():

    from portal.models import Comment, NewsCategory
    from tests.portal.factories import PollFactory, make_image, make_news

    _home, index = news_site()
    categories = [
        NewsCategory.objects.create(name=f"Chuyên mục {n}", slug=f"chuyen-muc-{n}")
        for n in range(5)
    ]
    image = make_image("Ảnh chung")
    PollFactory()
    started = time.perf_counter()
    body = [
        {"type": "heading", "value": {"text": "Nội dung chính", "level": "h2"}},
        {"type": "paragraph", "value": "<p>" + "cải cách hành chính " * 120 + "</p>"},
    ]
    pages = []
    for number in range(ARTICLES):
        pages.append(
            make_news(
                index,
                title=f"Bài viết số {number} về cải cách hành chính",
                body=body,
                category=categories[number % 5],
                tags=[f"thẻ {number % 20}"],
                image=image,
            )
        )
    article = pages[0]
    for n in range(20):
        Comment.objects.create(
            page=article,
            name=f"Bạn đọc {n}",
            email="a@example.com",
            body="Ý kiến",
            status=Comment.Status.APPROVED,
        )
    print(f"built {ARTICLES} articles in {time.perf_counter() - started:.0f} s")
    return article


def signed_in_cookie():
    """A reader's session cookie, as their browser would send it after logging in."""
    from django.test import Client

    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(full_name="Nguyễn Thị Bạn Đọc"))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def uncached(app, port, article, cookie, turns):
    """CPU ms per request (median) and wall ms (median, p90) of the article rendered anew."""
    from portal.cache import purge

    cpu, wall = [], []
    for _ in range(turns):
        purge(f"page:{article.pk}")
        app.reset()
        started = time.perf_counter()
        status, cached, _body = get(port, article.url, cookie)
        wall.append(time.perf_counter() - started)
        cpu.append(app.per_request_ms())
        assert status == 200 and cached in ("miss", None), (status, cached)
    wall.sort()
    return statistics.median(cpu), statistics.median(wall) * 1000, wall[int(len(wall) * 0.9)] * 1000


def run():
    article = build_site()
    cookie = signed_in_cookie()
    url = article.url
    connection.close()  # the server threads open their own connections
    server, app = serve()
    port = server.server_address[1]
    rows = {}
    try:
        status, cached, body = get(port, url)
        assert status == 200 and cached == "miss", (status, cached)
        assert get(port, url)[1] == "hit"
        status, cached, body = get(port, url, cookie)
        assert status == 200 and cached == "hit", (status, cached)
        assert "Nguyễn Thị Bạn Đọc" in body.decode()

        cached_rows = {
            "minimal, anonymous": ("/bench/minimal/", ""),
            "article, anonymous, cached": (url, ""),
            "minimal, signed in": ("/bench/minimal/", cookie),
            "article, signed in, cached": (url, cookie),
        }
        turns = {label: [] for label in cached_rows}
        for _turn in range(TURNS):
            for label, (address, reader) in cached_rows.items():
                turns[label].append(measure(app, port, address, reader))
        for label, measured in turns.items():
            rows[label] = (
                statistics.median(per_second for per_second, _cpu, _statuses in measured),
                statistics.median(cpu for _per_second, cpu, _statuses in measured),
                sorted({status for *_figures, statuses in measured for status in statuses}),
            )
        uncached_anonymous = uncached(app, port, article, "", UNCACHED)
        uncached_signed_in = uncached(app, port, article, cookie, UNCACHED)
        # Before: signed-in readers were never served from the cache (the setting restores that).
        settings.PORTAL_PAGE_CACHE_SIGNED_IN = False
        rows["article, signed in, before"] = measure(app, port, url, cookie)
        settings.PORTAL_PAGE_CACHE_SIGNED_IN = True
    finally:
        server.shutdown()
        server.server_close()

    print(
        f"database: {connection.vendor}; cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
    )
    print(
        f"{REQUESTS} requests from {CLIENTS} clients each; {ARTICLES} articles in the database; "
        f"cached rows: median of {TURNS} alternating turns"
    )
    print(f"{'':30} {'req/s':>8} {'CPU ms/req':>11}  statuses")
    for label, (per_second, cpu, statuses) in rows.items():
        print(f"{label:30} {per_second:8.1f} {cpu:11.2f}  {statuses}")
    base_anonymous = rows["minimal, anonymous"]
    base_signed_in = rows["minimal, signed in"]
    cached_anonymous = rows["article, anonymous, cached"]
    cached_signed_in = rows["article, signed in, cached"]
    before = rows["article, signed in, before"]
    each_turn = " ".join(
        f"{article[0] / minimal[0]:.2f}"
        for minimal, article in zip(
            turns["minimal, anonymous"], turns["article, anonymous, cached"], strict=True
        )
    )
    print(
        f"ratio cached / minimal, anonymous: {cached_anonymous[0] / base_anonymous[0]:.2f} req/s "
        f"(goal >= 0.5; each turn: {each_turn}), {cached_anonymous[1] / base_anonymous[1]:.1f}x CPU"
    )
    print(
        f"signed in, cached / minimal signed in: {cached_signed_in[1] / base_signed_in[1]:.1f}x CPU "
        f"(goal <= 10), {base_signed_in[0] / cached_signed_in[0]:.1f}x fewer req/s; "
        f"before: {before[1] / base_signed_in[1]:.1f}x CPU"
    )
    for label, (cpu, median, p90) in (
        ("anonymous", uncached_anonymous),
        ("signed in", uncached_signed_in),
    ):
        base = base_anonymous if label == "anonymous" else base_signed_in
        print(
            f"uncached article, {label}: {cpu:.2f} ms CPU = {cpu / base[1]:.1f}x minimal "
            f"(goal <= 20); wall median {median:.1f} ms, p90 {p90:.1f} ms over {UNCACHED}"
        )


if __name__ == "__main__":
    main()
