"""Related news and the sitemap as the archive grows: 200, 2,000 and 20,000 articles.

Related news: today's code (an indexed read of the latest few articles per category and tag)
against the code it replaced (every article sharing a tag or the category, sorted), in the same
run on the same articles, alternating calls; both must return the same list. The sitemap: its
first request after a publish (built) and the next ones (from the cache), against a minimal Django
view through the same middleware.

    python -m bench.portal_related
    DATABASE_URL=postgres://... python -m bench.portal_related

Options through the environment: BENCH_SIZES (default "200,2000,20000"), BENCH_SAMPLES
(articles measured at each size, default 20), BENCH_TURNS (default 5).
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
from django.db.models import Q  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench._site import in_test_database, news_site  # noqa: E402
from training_site.urls import urlpatterns as site_urlpatterns  # noqa: E402

SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "200,2000,20000").split(",")]
SAMPLES = int(os.environ.get("BENCH_SAMPLES", 20))
TURNS = int(os.environ.get("BENCH_TURNS", 5))
CATEGORIES = 10
TAGS = 50


def minimal(request):
    """Baseline: the smallest Django response, through the same middleware."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/minimal/", minimal),
    *site_urlpatterns,
]


def related_news_before(page, limit=4):
    """The code this replaced, kept here only as the baseline."""
    from portal.models import NewsPageTag, news_queryset

    tag_ids = [tag.pk for tag in page.tags.all()]
    criteria = Q(pk__in=[])
    if page.category_id:
        criteria |= Q(category_id=page.category_id)
    if tag_ids:
        criteria |= Q(
            pk__in=NewsPageTag.objects.filter(tag_id__in=tag_ids).values("content_object_id")
        )
    return list(news_queryset().filter(criteria).exclude(pk=page.pk)[:limit])


def related_news_after(page, limit=4):
    return page.related_news(limit=limit)


def main():
    return in_test_database("bench.portal_related", run)


def build_site():
    from taggit.models import Tag

    from portal.models import NewsCategory

    _home, index = news_site()
    categories = [
        NewsCategory.objects.create(name=f"Chuyên mục {n}", slug=f"chuyen-muc-{n}").pk
        for n in range(CATEGORIES)
    ]
    tags = [Tag.objects.create(name=f"thẻ {n}", slug=f"the-{n}").pk for n in range(TAGS)]
    return index, categories, tags


def grow(index, categories, tags, start, stop):
    """Articles start..stop-1 written in bulk (as a page tree Wagtail reads, without revisions):
    each in one of 10 categories with two of 50 tags, dates shuffled against the tree order."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from portal.models import NewsPage, NewsPageTag

    content_type = ContentType.objects.get_for_model(NewsPage)
    base = timezone.now()
    body = [{"type": "paragraph", "value": "<p>" + "cải cách hành chính " * 40 + "</p>"}]
    with transaction.atomic():
        pages = []
        for number in range(start, stop):
            slug = f"bai-viet-{number}"
            date = base - timedelta(minutes=(number * 7919) % 1_000_003)
            pages.append(
                NewsPage(
                    title=f"Bài viết số {number} về cải cách hành chính",
                    draft_title=f"Bài viết số {number} về cải cách hành chính",
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
                    lead="Đoạn mở đầu.",
                    body=body,
                    category_id=categories[number % CATEGORIES],
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
        tagged = []
        for number, page in zip(range(start, stop), pages, strict=True):
            for tag_id in {tags[number % TAGS], tags[(number * 7 + 3) % TAGS]}:
                tagged.append(NewsPageTag(tag_id=tag_id, content_object_id=page.pk, date=page.date))
        NewsPageTag.objects.bulk_create(tagged, batch_size=500)
        type(index).objects.filter(pk=index.pk).update(numchild=stop)


def _page_fields(page):
    from wagtail.models import Page

    return {
        field.attname: getattr(page, field.attname)
        for field in Page._meta.concrete_fields
        if field.attname != "id"
    }


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


def queries(fn, *args):
    with CaptureQueriesContext(connection) as captured:
        fn(*args)
    return len(captured)


def measure_related(size):
    from portal.models import NewsPage

    step = max(1, size // SAMPLES)
    articles = list(
        NewsPage.objects.filter(slug__in=[f"bai-viet-{n}" for n in range(0, size, step)])
    )
    before_times, after_times = [], []
    for article in articles:
        assert [p.pk for p in related_news_before(article)] == [
            p.pk for p in related_news_after(article)
        ], article.slug
        for _turn in range(TURNS):
            before_times.append(timed(related_news_before, article)[0])
            after_times.append(timed(related_news_after, article)[0])
    before = statistics.median(before_times) * 1000
    after = statistics.median(after_times) * 1000
    return (
        before,
        after,
        queries(related_news_before, articles[0]),
        queries(related_news_after, articles[0]),
    )


def measure_sitemap(client):
    from portal.cache import purge_sitemaps

    def get(url):
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return time.perf_counter() - started, response

    minimal_times = [get("/bench/minimal/")[0] for _ in range(50)]
    cold_times, warm_times, size = [], [], 0
    for _turn in range(3):
        purge_sitemaps()
        elapsed, response = get("/sitemap.xml")
        cold_times.append(elapsed)
        size = response.content.count(b"<loc>")
        warm_times.extend(get("/sitemap.xml")[0] for _ in range(15))
    return (
        statistics.median(minimal_times) * 1000,
        statistics.median(cold_times) * 1000,
        statistics.median(warm_times) * 1000,
        size,
    )


def run():
    index, categories, tags = build_site()
    client = Client()
    print(f"database: {connection.vendor}; cache: {settings.CACHES['default']['BACKEND']}")
    print(f"median of {TURNS} alternating turns on {SAMPLES} articles spread over the archive")
    rows = []
    built = 0
    for size in SIZES:
        started = time.perf_counter()
        grow(index, categories, tags, built, size)
        built = size
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        build_seconds = time.perf_counter() - started
        before, after, queries_before, queries_after = measure_related(size)
        minimal_ms, cold_ms, warm_ms, entries = measure_sitemap(client)
        rows.append((size, before, after, queries_before, queries_after))
        print(f"\n{size} articles (built in {build_seconds:.1f} s)")
        print(
            f"  related news  before {before:7.2f} ms ({queries_before} queries)   "
            f"after {after:6.2f} ms ({queries_after} queries)   "
            f"after/before {after / before:.2f}"
        )
        print(
            f"  /sitemap.xml  ({entries} addresses)  built {cold_ms:7.1f} ms   cached {warm_ms:5.2f} ms"
            f"   minimal view {minimal_ms:5.2f} ms   cached/minimal {warm_ms / minimal_ms:.2f}"
            f"   cached/built {warm_ms / cold_ms:.3f}"
        )
    first, last = rows[0], rows[-1]
    print(
        f"\nrelated news from {first[0]} to {last[0]} articles: before x{last[1] / first[1]:.1f}, "
        f"after x{last[2] / first[2]:.1f} (goal: constant, about x1)"
    )


if __name__ == "__main__":
    main()
