"""Requests per second of a cached article page against a minimal Django view, and the article
page's uncached time with 1,000 articles in the database.

Both endpoints are served by the same threaded WSGI server with the same settings and middleware
in the same run, so the ratio shows what serving a cached page costs over Django's own floor.

    python -m bench.portal_pages
    DATABASE_URL=postgres://... REDIS_URL=redis://... python -m bench.portal_pages

Options through the environment: BENCH_REQUESTS (default 2000), BENCH_CLIENTS (default 8),
BENCH_ARTICLES (default 1000), BENCH_UNCACHED (default 50).
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
from django.urls import include, path  # noqa: E402

from bench._site import in_test_database, news_site  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", 2000))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 8))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", 1000))
UNCACHED = int(os.environ.get("BENCH_UNCACHED", 50))


def minimal(request):
    """Baseline: the smallest Django response, through the same middleware."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/minimal/", minimal),
    path("", include("training_site.urls")),
]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def serve():
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def get(port, url):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", url, headers={"Host": "localhost"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, response.getheader("X-Portal-Cache"), body


def rate(port, url):
    """GET `url` REQUESTS times from CLIENTS threads; returns (req/s, statuses)."""
    per_client = REQUESTS // CLIENTS
    statuses = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS + 1)

    def worker():
        barrier.wait()
        seen = []
        for _ in range(per_client):
            seen.append(get(port, url)[0])
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


def run():
    from portal.cache import purge_all

    article = build_site()
    url = article.url
    connection.close()  # the server threads open their own connections
    server = serve()
    port = server.server_address[1]
    try:
        status, cached, body = get(port, url)
        assert status == 200 and cached == "miss", (status, cached)
        assert get(port, url)[1] == "hit"
        base_rate, base_statuses = rate(port, "/bench/minimal/")
        page_rate, page_statuses = rate(port, url)

        timings = []
        for _ in range(UNCACHED):
            purge_all()
            started = time.perf_counter()
            status, cached, _body = get(port, url)
            timings.append(time.perf_counter() - started)
            assert status == 200 and cached == "miss"
    finally:
        server.shutdown()
        server.server_close()

    print(
        f"database: {connection.vendor}; cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
    )
    print(f"{REQUESTS} requests from {CLIENTS} clients each; {ARTICLES} articles in the database")
    print(f"baseline minimal view : {base_rate:8.1f} req/s  statuses {base_statuses}")
    print(f"cached article page   : {page_rate:8.1f} req/s  statuses {page_statuses}")
    print(f"ratio cached / minimal: {page_rate / base_rate:.2f}  (goal >= 0.5)")
    timings.sort()
    print(
        f"uncached article page : median {statistics.median(timings) * 1000:.1f} ms, "
        f"p90 {timings[int(len(timings) * 0.9)] * 1000:.1f} ms over {UNCACHED} requests"
    )


if __name__ == "__main__":
    main()
