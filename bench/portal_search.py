"""The site search as the archive grows from 2,000 to 20,000 articles, against a trivial view in
the same run.

The articles are written in bulk and indexed with `rebuild_search_index`'s code. Their words
come from a pool of sentences, so a query matches a share of the archive, as on a real site:

    common      "cải cách hành chính"   in a share of the articles (more than are ranked)
    toneless    "cai cach hanh chinh"   the same, typed without tone marks
    rare        "đường dây nóng"        in exactly 12 articles whatever the size
    nothing     "khinh khí cầu"         in none

Each query is asked through the Django test client (URL routing, middleware, the view, the
template), with the result cache off, and in turns alternating with the trivial view, so both
see the same machine. Figures: CPU time per request (this process's, which on SQLite includes
the database's work, plus on PostgreSQL the CPU of the connection's server process when the
server runs on the same machine, read from /proc in clock ticks: use more requests there),
requests per second in one thread, the ratio to the trivial view, and the ratio of 20,000 to
2,000 articles. The cached figure is the same query asked again within the cache's lifetime.

    python -m bench.portal_search
    DATABASE_URL=postgres://... python -m bench.portal_search

Options through the environment: BENCH_SIZES (default "2000,20000"), BENCH_TURNS (default 5),
BENCH_REQUESTS (requests per query per turn, default 20).
"""

import os
import statistics
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench._site import in_test_database, news_site  # noqa: E402
from training_site.urls import urlpatterns as site_urlpatterns  # noqa: E402

SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "2000,20000").split(",")]
TURNS = int(os.environ.get("BENCH_TURNS", 5))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 20))
QUERIES = {
    "common": "cải cách hành chính",
    "toneless": "cai cach hanh chinh",
    "rare": "đường dây nóng",
    "nothing": "khinh khí cầu",
}
RARE = 12  # the rare phrase is in 12 articles at every size
SENTENCES = [
    "Tỉnh tiếp tục đẩy mạnh cải cách hành chính trong năm nay.",
    "Sở Nội vụ hướng dẫn các xã rà soát thủ tục.",
    "Người dân nộp hồ sơ trực tuyến qua cổng dịch vụ công.",
    "Bộ phận một cửa tiếp nhận và trả kết quả đúng hẹn.",
    "Chuyển đổi số giúp giảm thời gian giải quyết hồ sơ.",
    "Cán bộ công chức được bồi dưỡng kỹ năng giao tiếp.",
    "Ủy ban nhân dân phường tổ chức hội nghị đối thoại.",
    "Chỉ số hài lòng của người dân tăng so với năm trước.",
    "Các sở ngành phối hợp kiểm tra công vụ định kỳ.",
    "Hành chính công hiện đại là mục tiêu của cả giai đoạn.",
]


def trivial(request):
    """Baseline: the smallest Django response, through the same middleware."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/trivial/", trivial),
    *site_urlpatterns,
]


def main():
    return in_test_database("bench.portal_search", run)


def build_site():

    _home, index = news_site()
    return index


def article_text(number):
    """Three sentences of the pool picked by the number; the rare phrase in RARE articles among
    the first 2,000, so it is found as often at every size."""
    picked = [SENTENCES[(number * step + step) % len(SENTENCES)] for step in (1, 3, 7)]
    if number < 2000 and number % 166 == 0 and number // 166 < RARE:
        picked.append("Gọi đường dây nóng của tỉnh khi cần hỗ trợ.")
    return " ".join(picked)


def grow(index, start, stop):
    """Articles start..stop-1 written in bulk (as a page tree Wagtail reads, without revisions),
    then indexed as `rebuild_search_index` does."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from portal import search
    from portal.models import NewsPage

    content_type = ContentType.objects.get_for_model(NewsPage)
    base = timezone.now()
    with transaction.atomic():
        pages = []
        for number in range(start, stop):
            slug = f"bai-viet-{number}"
            date = base - timedelta(minutes=(number * 7919) % 1_000_003)
            text = article_text(number)
            title = f"Bài số {number}: {SENTENCES[number % len(SENTENCES)].rstrip('.')}"
            pages.append(
                NewsPage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    path=NewsPage._get_path(index.path, index.depth + 1, number + 1),
                    depth=index.depth + 1,
                    url_path=f"{index.url_path}{slug}/",
                    locale_id=index.locale_id,
                    live=True,
                    first_published_at=date,
                    last_published_at=date,
                    date=date,
                    lead=text.split(".")[0] + ".",
                    body=[{"type": "paragraph", "value": f"<p>{text} {text}</p>"}],
                )
            )
        created = Page.objects.bulk_create(
            [Page(**_page_fields(page)) for page in pages], batch_size=500
        )
        for page, base_row in zip(pages, created, strict=True):
            page.page_ptr_id = page.pk = base_row.pk
        for chunk in range(0, len(pages), 500):
            NewsPage._base_manager._insert(
                pages[chunk : chunk + 500], fields=NewsPage._meta.local_concrete_fields
            )
        type(index).objects.filter(pk=index.pk).update(numchild=stop)
    # Written past the publishing signals: index them as `rebuild_search_index` does.
    search.rebuild(kinds=[search.NEWS])


def _page_fields(page):
    from wagtail.models import Page

    return {
        field.attname: getattr(page, field.attname)
        for field in Page._meta.concrete_fields
        if field.attname != "id"
    }


def server_cpu():
    """CPU seconds of this connection's PostgreSQL backend, when it runs on this machine (read
    from /proc, in clock ticks); 0 on SQLite, whose work is in this process already."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(client, url, params=None):
    """CPU seconds (this process and the database server's backend) and wall seconds per
    request over REQUESTS requests."""
    cpu, wall, server = time.process_time(), time.perf_counter(), server_cpu()
    for _ in range(REQUESTS):
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, params, response.status_code)
    used = time.process_time() - cpu + server_cpu() - server
    return used / REQUESTS, (time.perf_counter() - wall) / REQUESTS


def measure_size(client):
    """Median over TURNS turns; each turn asks the trivial view, then every query uncached,
    then every query cached."""
    samples = {"trivial": []}
    for name in QUERIES:
        samples[name] = []
        samples[f"{name} (cached)"] = []
    for _turn in range(TURNS):
        samples["trivial"].append(measure(client, "/bench/trivial/"))
        settings.PORTAL_SEARCH_CACHE_SECONDS = 0
        for name, query in QUERIES.items():
            samples[name].append(measure(client, "/tim-kiem/", {"q": query}))
        settings.PORTAL_SEARCH_CACHE_SECONDS = 60
        for name, query in QUERIES.items():
            client.get("/tim-kiem/", {"q": query})
            samples[f"{name} (cached)"].append(measure(client, "/tim-kiem/", {"q": query}))
    return {
        name: (
            statistics.median(cpu for cpu, _wall in values),
            statistics.median(wall for _cpu, wall in values),
        )
        for name, values in samples.items()
    }


def describe(client):
    """What each query finds (total, whether capped, the suggestion) and how many queries a
    whole uncached request costs."""
    from portal import search

    settings.PORTAL_SEARCH_CACHE_SECONDS = 0
    found = {}
    for name, query in QUERIES.items():
        with CaptureQueriesContext(connection) as captured:
            client.get("/tim-kiem/", {"q": query})
        result = search.search(search.parse(query))
        found[name] = (result["total"], result["capped"], len(captured), result["suggestion"])
    return found


def run():
    from portal.models import SearchDocument

    index = build_site()
    client = Client()
    client.get("/bench/trivial/")  # warm up: URL resolvers, first connection
    print(f"database: {connection.vendor}; cache: {settings.CACHES['default']['BACKEND']}")
    print(
        f"median of {TURNS} turns of {REQUESTS} requests per query, alternating with the "
        "trivial view; CPU is this process's plus, on PostgreSQL, its server backend's"
    )
    results = {}
    built = 0
    for size in SIZES:
        started = time.perf_counter()
        grow(index, built, size)
        built = size
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        build_seconds = time.perf_counter() - started
        client.get("/tim-kiem/", {"q": "warm up"})  # the site's settings, read once
        found = describe(client)
        for name in QUERIES:  # warm the templates and the statement caches
            client.get("/tim-kiem/", {"q": QUERIES[name]})
        figures = measure_size(client)
        results[size] = figures
        trivial_cpu, trivial_wall = figures["trivial"]
        print(
            f"\n{size} articles ({SearchDocument.objects.count()} documents; "
            f"built and indexed in {build_seconds:.1f} s)"
        )
        print(
            f"  {'trivial view':22} CPU {trivial_cpu * 1000:6.2f} ms/req   "
            f"{1 / trivial_wall:7.0f} req/s"
        )
        for name, (cpu, wall) in figures.items():
            if name == "trivial":
                continue
            line = (
                f"  {name:22} CPU {cpu * 1000:6.2f} ms/req   {1 / wall:7.0f} req/s   "
                f"CPU / trivial {cpu / trivial_cpu:5.1f}"
            )
            if name in found:
                total, capped, queries, suggestion = found[name]
                line += f"   {'>' if capped else ''}{total} found, {queries} query"
                if suggestion:
                    line += f", did you mean “{suggestion}”"
            print(line)
    first, last = SIZES[0], SIZES[-1]
    print(f"\nfrom {first} to {last} articles (goal: CPU x1.5 at most, and at most 20x trivial):")
    for name in results[first]:
        before, after = results[first][name][0], results[last][name][0]
        print(f"  {name:22} CPU x{after / before:.2f}")


if __name__ == "__main__":
    main()
